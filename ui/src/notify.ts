import { ElMessage } from 'element-plus'
import { toCoreError, type CoreError } from './api'

/** Shows a core error as a message and returns it. */
export function showError(e: unknown): CoreError {
  const err = toCoreError(e)
  ElMessage({ type: 'error', message: err.message, duration: 6000, showClose: true })
  return err
}
