import { ElMessage } from 'element-plus'
import { toCoreError, type CoreError } from './api'

/**
 * Shows a core error as a message and returns it. One error on screen at a
 * time: a new one replaces the last, so refusals never pile up.
 */
export function showError(e: unknown): CoreError {
  const err = toCoreError(e)
  clearErrors()
  ElMessage({ type: 'error', message: err.message, duration: 6000, showClose: true })
  return err
}

/**
 * Takes the error messages off the screen: once the thing is done, or the
 * page left, an old refusal beside a green 登记成功 only misleads.
 */
export function clearErrors(): void {
  ElMessage.closeAll('error')
}
