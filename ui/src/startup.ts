// The checks the app makes once it is on screen: SQLite's quick check of the
// ledger file, then the daily automatic backup. Both are the core's (what is
// damaged, whether a backup is due, how many are kept); this module only says
// what they found. Neither may stop the clerk from working: a failure is a
// message, never a blocked page.
import { ref } from 'vue'
import { ElNotification } from 'element-plus'
import { call, toCoreError } from './api'

/** The core's message while the ledger file is damaged (empty when it is sound), for the banner. */
export const damagedMessage = ref('')

/** Asks the core whether the ledger file is sound; also run again after a restore. */
export async function checkLedger(): Promise<void> {
  try {
    await call('ledger_check', {})
    damagedMessage.value = ''
  } catch (e) {
    const err = toCoreError(e)
    // Only damage is the clerk's concern; a check that could not run at all
    // says nothing about the file, and the pages will show that error themselves.
    damagedMessage.value = err.kind === 'damaged' ? err.message : ''
  }
}

/** The automatic backup: said briefly when one was made, warned when it could not be. */
export async function autoBackup(): Promise<void> {
  try {
    const made = await call('backup_auto', {})
    if (made) ElNotification({ type: 'success', title: '自动备份', message: `已自动备份到 ${made.file.path}`, duration: 5000 })
  } catch (e) {
    // Usually the USB stick is not plugged in: stays until closed, so it is
    // not missed, but covers nothing the clerk needs.
    ElNotification({
      type: 'warning', title: '自动备份', message: `自动备份未完成：${toCoreError(e).message}`, duration: 0,
    })
  }
}

/**
 * Runs the checks after the first screen has been painted (the next frame,
 * then a task), so they never delay the cold start the clerk waits through.
 */
export function checkAfterFirstPaint(): Promise<void> {
  return new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))).then(async () => {
    await checkLedger()
    await autoBackup()
  })
}
