// The computer's clock, as the core judges it: when it is clearly wrong (a
// dead CMOS battery resets it to 2009 or so) `clock_now` carries a warning,
// which every screen of the signed-in app shows word for word until a later
// answer has none. The core decides and words it; this module only asks and
// keeps the answer.
//
// It asks when the app opens, on every change of page, and every five
// minutes while someone is at the computer. A timed check waits for the
// person's activity: `clock_now` is not one of the commands the shell counts
// as unattended, so asking on a bare timer would keep an abandoned ledger
// from ever locking itself.
import { ref } from 'vue'
import { call } from './api'

/** How often the clock is asked again while the app is in use. */
export const CLOCK_CHECK_MS = 5 * 60 * 1000
/** A timed check is made only if the person did something this recently (and is looked for this often). */
export const ACTIVE_MS = 60 * 1000

/** The core's warning about this computer's clock; null while the clock looks right. */
export const clockWarning = ref<string | null>(null)

let lastAsked = Number.NEGATIVE_INFINITY
let asking: Promise<void> | null = null

/**
 * Asks the core about the clock and shows (or drops) its warning. A refused
 * call says nothing about the clock: what is shown stays, and a 'locked'
 * refusal has already brought the sign-in form back.
 */
export function checkClock(): Promise<void> {
  if (asking) return asking
  lastAsked = Date.now()
  asking = call('clock_now', {})
    .then(
      (c) => {
        clockWarning.value = c.warning ?? null
      },
      () => {},
    )
    .finally(() => {
      asking = null
    })
  return asking
}

export interface ClockWatch {
  /** The signed-in app is open (not the sign-in screen, not locked). */
  ready: () => boolean
  /** Milliseconds since the person last did something on screen. */
  idleFor: () => number
}

/** Asks again every CLOCK_CHECK_MS while the app is open and in use; returns how to stop. */
export function watchClock({ ready, idleFor }: ClockWatch): () => void {
  const id = setInterval(() => {
    if (!ready() || Date.now() - lastAsked < CLOCK_CHECK_MS || idleFor() >= ACTIVE_MS) return
    void checkClock()
  }, ACTIVE_MS)
  return () => clearInterval(id)
}

/** For tests: nothing shown and nothing asked yet. */
export function forgetClock(): void {
  clockWarning.value = null
  lastAsked = Number.NEGATIVE_INFINITY
  asking = null
}
