import { onMounted, ref } from 'vue'
import { showError } from '../notify'

/**
 * Runs `fetch` when the page mounts (and again on `load()`). The page shows a
 * spinner until it ends; a failure is told once (showError) and kept as
 * `loadError`, which the page shows in place of what it could not fill.
 */
export function usePageLoad(fetch: () => Promise<void>) {
  const loading = ref(true)
  const loadError = ref('')
  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      await fetch()
    } catch (e) {
      loadError.value = showError(e).message
    } finally {
      loading.value = false
    }
  }
  onMounted(load)
  return { loading, loadError, load }
}
