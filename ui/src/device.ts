// This install's device (role and name), loaded once at start.
import { ref } from 'vue'
import type { Device } from './bindings/Device'

export const device = ref<Device | null>(null)

/**
 * The first-run wizard is on its last, optional step (enrolment): the ledger
 * has its device, yet the wizard stays until 完成 or 以后再说. Kept in memory
 * only, so a restart in between goes straight to the desk.
 */
export const setupFinishing = ref(false)
