// Who is signed in. The ledger is encrypted and the shell opens it only for a
// person who signs in (src-tauri/src/session.rs); the app starts locked. The
// shell also locks itself after `idle_minutes` without a command, so while
// the person is active the app tells it so (session_touch, at most once a
// minute), and once they have been away that long the app locks too and
// shows the sign-in form. A command the shell refused as locked does the same.
import { computed, ref } from 'vue'
import { call, onLocked } from './api'
import type { SessionStatus } from './bindings/SessionStatus'
import type { NewAccount } from './bindings/NewAccount'

/** The shell's answer; null until asked. */
export const session = ref<SessionStatus | null>(null)
/** Someone is signed in and the ledger is open. */
export const signedIn = computed(() => !!session.value?.account)
/** The app locked itself for inactivity: the sign-in form says so. */
export const lockedIdle = ref(false)
/** Who was signed in before the lock, preselected on the sign-in form. */
export const lastName = ref('')
/** The account the pages were read for: kept through a lock, so the same
 * person finds their half-filled form again; someone else signing in gets
 * every page read afresh under their own role (App keys the pages on it). */
export const pagesAccountId = ref('')

const MINUTE = 60_000
const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const

let watching = false
let lastActivity = Date.now()
let lastTouch = Date.now()
let timer: ReturnType<typeof setTimeout> | undefined

function update(s: SessionStatus): void {
  if (s.account) {
    lastName.value = s.account.name
    pagesAccountId.value = s.account.account_id
    if (!signedIn.value) lastActivity = lastTouch = Date.now()
  }
  session.value = s
  schedule()
}

/** Shown locked at once, whatever the shell answers after. */
function markLocked(forIdle: boolean): void {
  if (!session.value?.account) return
  lockedIdle.value = forIdle
  session.value = { ...session.value, account: null, may: null }
  schedule()
}

// A command the shell refused because it had locked itself.
onLocked(() => markLocked(true))

export async function loadSession(): Promise<void> {
  update(await call('session_status', {}))
}

export async function signIn(name: string, passphrase: string): Promise<void> {
  update(await call('session_sign_in', { name, passphrase }))
  lockedIdle.value = false
}

export async function setUp(account: NewAccount): Promise<void> {
  update(await call('session_set_up', account))
  lockedIdle.value = false
}

/** Locks the ledger (the 锁定 button, or `forIdle` after the idle limit). */
export async function lock(forIdle = false): Promise<void> {
  markLocked(forIdle)
  try {
    update(await call('session_lock', {}))
  } catch {
    // Locked on screen already; the shell locks itself anyway at its limit.
  }
}

function touch(): void {
  lastTouch = Date.now()
  call('session_touch', {}).then(update, () => {
    // A 'locked' refusal has already shown the sign-in form; nothing else matters here.
  })
}

function onActivity(): void {
  lastActivity = Date.now()
  if (signedIn.value && lastActivity - lastTouch >= MINUTE) touch()
}

/** Waits until the idle limit has passed since the last activity, then locks. */
function schedule(): void {
  clearTimeout(timer)
  timer = undefined
  const s = session.value
  if (!watching || !s?.account || s.idle_minutes <= 0) return
  const left = lastActivity + s.idle_minutes * MINUTE - Date.now()
  timer = setTimeout(() => {
    if (Date.now() - lastActivity >= s.idle_minutes * MINUTE) void lock(true)
    else schedule()
  }, Math.max(left, 0))
}

/** Milliseconds since the person last did something on screen (or since watching began). */
export function idleFor(): number {
  return Date.now() - lastActivity
}

/** Watches the person's activity while the app is on screen; returns how to stop. */
export function watchIdle(): () => void {
  for (const type of ACTIVITY) window.addEventListener(type, onActivity, { capture: true, passive: true })
  watching = true
  lastActivity = Date.now()
  schedule()
  return () => {
    for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true })
    watching = false
    schedule()
  }
}
