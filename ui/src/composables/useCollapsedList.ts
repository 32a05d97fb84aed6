import { computed, ref, watch, type Ref } from 'vue'
import { toCoreError } from '../api'

/**
 * A record list in a collapsed section of a page (查阅记录, 修改记录): read
 * only when the section is first opened, and again on `reload()` — at once
 * while open, else at the next opening. `item` is the section's name in the
 * page's `el-collapse`, whose open names are `expanded`.
 */
export function useCollapsedList<T>(item: string, fetch: () => Promise<T[]>) {
  const expanded = ref<string[]>([])
  const isOpen = computed(() => expanded.value.includes(item))
  const rows = ref([]) as Ref<T[]>
  /** Read since the list was last found stale. */
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref('')
  /** Newest first (the core answers oldest first). */
  const newestFirst = computed(() => [...rows.value].reverse())

  async function reload() {
    if (!isOpen.value) {
      loaded.value = false
      return
    }
    loading.value = true
    error.value = ''
    try {
      rows.value = await fetch()
      loaded.value = true
    } catch (e) {
      error.value = toCoreError(e).message
    } finally {
      loading.value = false
    }
  }

  watch(isOpen, (now) => {
    if (now && !loaded.value) void reload()
  })

  return { expanded, rows, newestFirst, loaded, loading, error, reload }
}
