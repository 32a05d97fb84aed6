import { ref } from 'vue'
import { call } from '../api'
import type { Place } from '../bindings/Place'

/**
 * The USB sticks detected for saving and copying (sync_places), offered as
 * buttons beside a typed folder. Detection is a convenience: when it fails
 * there are none, and a typed or chosen folder still works.
 */
export function usePlaces() {
  const places = ref<Place[]>([])
  async function loadPlaces() {
    try {
      places.value = await call('sync_places', {})
    } catch {
      places.value = []
    }
  }
  return { places, loadPlaces }
}
