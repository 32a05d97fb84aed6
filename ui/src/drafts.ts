// Forms saved as they are typed, in the ledger itself (the core's draft
// table), so closing the window or a power cut loses at most the field in hand.
import { watch, type WatchSource } from 'vue'
import { call } from './api'

export interface SavedDraft<T> {
  value: T
  savedAt: string
}

/** The draft saved under `key`, if any. */
export async function loadDraft<T>(key: string): Promise<SavedDraft<T> | null> {
  const d = await call('draft_load', { key })
  if (d.value === null || d.value === undefined || d.saved_at === null) return null
  return { value: d.value as T, savedAt: d.saved_at }
}

export interface Autosave {
  /** Saves now if a change is waiting (e.g. before leaving the page). */
  flush(): Promise<void>
  /** Forgets the draft (after the form was submitted or abandoned). */
  clear(): Promise<void>
  stop(): void
}

/**
 * Saves `source()` under `key` a moment after every change. Saving failures
 * are reported once through `onError` and retried on the next change.
 */
export function autosave(
  key: string,
  source: WatchSource<unknown>,
  onError: (e: unknown) => void = () => {},
  delayMs = 400,
): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending: unknown = undefined
  let dirty = false
  let failed = false

  async function save() {
    clearTimeout(timer)
    if (!dirty) return
    dirty = false
    try {
      await call('draft_save', { key, value: JSON.parse(JSON.stringify(pending)) })
      failed = false
    } catch (e) {
      dirty = true
      if (!failed) onError(e)
      failed = true
    }
  }

  const stopWatch = watch(
    source,
    (v) => {
      pending = v
      dirty = true
      clearTimeout(timer)
      timer = setTimeout(save, delayMs)
    },
    { deep: true },
  )
  const onHide = () => void save()
  window.addEventListener('beforeunload', onHide)
  document.addEventListener('visibilitychange', onHide)

  return {
    flush: save,
    async clear() {
      clearTimeout(timer)
      dirty = false
      await call('draft_clear', { key })
    },
    stop() {
      clearTimeout(timer)
      stopWatch()
      window.removeEventListener('beforeunload', onHide)
      document.removeEventListener('visibilitychange', onHide)
    },
  }
}
