// The demo ledger (演示台账) for training. The shell keeps it in a file of its
// own and swaps it in for the real ledger (src-tauri/src/demo.rs); after a
// swap the app asks again which device's ledger is open, since the setup
// screen, the header and every page follow it.
import { ref, type Ref } from 'vue'
import type { Router } from 'vue-router'
import { call } from './api'
import { device } from './device'
import { showError } from './notify'

/** Whether the ledger open now is the demo. */
export const demoInUse = ref(false)

/** Asked once at start; an app that cannot answer is not in a demo. */
export async function loadDemoStatus(): Promise<void> {
  try {
    demoInUse.value = (await call('demo_status', {})).in_use
  } catch {
    demoInUse.value = false
  }
}

async function reloadDevice(): Promise<void> {
  device.value = (await call('device_show', {})).device
}

/** Opens a fresh demo ledger in place of this computer's. */
export async function startDemo(): Promise<void> {
  demoInUse.value = (await call('demo_start', {})).in_use
  await reloadDevice()
}

/**
 * Opens a fresh demo and goes to 工作台, `busy` set meanwhile (the button's
 * spinner); a refusal is shown and the page stays.
 */
export async function goToDemo(router: Router, busy: Ref<boolean>): Promise<void> {
  busy.value = true
  try {
    await startDemo()
    await router.push('/today')
  } catch (e) {
    showError(e)
  } finally {
    busy.value = false
  }
}

/** Deletes the demo and reopens this computer's ledger. */
export async function endDemo(): Promise<void> {
  demoInUse.value = (await call('demo_end', {})).in_use
  await reloadDevice()
}
