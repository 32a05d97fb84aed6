// Who is signed in, and the lock: a command the shell refused as locked shows
// the sign-in form; while the person is active the shell hears so at most
// once a minute, and after idle_minutes without activity the app locks.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { call, setInvoker } from './api'
import { fakeCore } from './test/invoker'
import { lastName, loadSession, lock, lockedIdle, pagesAccountId, session, signIn, signedIn, watchIdle } from './session'
import type { SessionStatus } from './bindings/SessionStatus'
import { mayOf } from './test/session'

const LI = { account_id: 'acc-1', name: '李梅', role: 'liaison' as const }
const LEDGER = { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] }
const SIGNED_IN: SessionStatus = { ledger: LEDGER, account: LI, may: mayOf('liaison'), idle_minutes: 15 }
const LOCKED: SessionStatus = { ledger: LEDGER, account: null, may: null, idle_minutes: 15 }
const MINUTE = 60_000

function core() {
  return fakeCore({
    session_status: () => SIGNED_IN,
    session_touch: () => SIGNED_IN,
    session_lock: () => LOCKED,
  })
}

const move = () => window.dispatchEvent(new MouseEvent('mousemove'))

beforeEach(() => {
  session.value = null
  lockedIdle.value = false
  lastName.value = ''
})
afterEach(() => {
  vi.useRealTimers()
  setInvoker(null)
})

describe('session', () => {
  it('the pages stay through a lock for the same person and are read afresh for someone else', async () => {
    const LEADER = { account_id: 'acc-2', name: '钱镇长', role: 'leader' as const }
    let next: SessionStatus = SIGNED_IN
    fakeCore({ session_status: () => SIGNED_IN, session_lock: () => LOCKED, session_sign_in: () => next })
    await loadSession()
    expect(pagesAccountId.value).toBe('acc-1')
    await lock()
    expect(signedIn.value).toBe(false)
    expect(pagesAccountId.value).toBe('acc-1')
    await signIn('李梅', '口令口令口令口令')
    expect(pagesAccountId.value).toBe('acc-1')
    await lock()
    next = { ...SIGNED_IN, account: LEADER }
    await signIn('钱镇长', '口令口令口令口令')
    expect(pagesAccountId.value).toBe('acc-2')
  })

  it('a command refused as locked shows the sign-in form, and still rejects', async () => {
    const { named } = fakeCore({
      session_status: () => SIGNED_IN,
      case_list: () => { throw { kind: 'locked', message: '已超过 15 分钟没有操作，台账已锁定：请重新登录', field: null } },
    })
    await loadSession()
    expect(signedIn.value).toBe(true)
    await expect(call('case_list', { limit: 20 })).rejects.toMatchObject({ kind: 'locked' })
    expect(signedIn.value).toBe(false)
    expect(session.value?.ledger).toEqual(LEDGER)
    expect(lockedIdle.value).toBe(true)
    expect(lastName.value).toBe('李梅')
    // Shown locked without asking the shell again.
    expect(named('session_lock')).toHaveLength(0)
  })

  it('locks after idle_minutes without activity', async () => {
    vi.useFakeTimers()
    const { named } = core()
    await loadSession()
    const stop = watchIdle()
    try {
      await vi.advanceTimersByTimeAsync(15 * MINUTE - 1)
      expect(signedIn.value).toBe(true)
      expect(named('session_lock')).toHaveLength(0)
      await vi.advanceTimersByTimeAsync(1)
      expect(signedIn.value).toBe(false)
      expect(lockedIdle.value).toBe(true)
      expect(named('session_lock')).toHaveLength(1)
      // Locked, nothing more happens.
      await vi.advanceTimersByTimeAsync(60 * MINUTE)
      move()
      expect(named('session_lock')).toHaveLength(1)
      expect(named('session_touch')).toHaveLength(0)
    } finally {
      stop()
    }
  })

  it('activity postpones the lock and is told to the shell at most once a minute', async () => {
    vi.useFakeTimers()
    const { named } = core()
    await loadSession()
    const stop = watchIdle()
    try {
      await vi.advanceTimersByTimeAsync(30_000)
      move()
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
      expect(named('session_touch')).toHaveLength(0) // not a minute since signing in
      await vi.advanceTimersByTimeAsync(31_000)
      move()
      move()
      expect(named('session_touch')).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(30_000)
      window.dispatchEvent(new WheelEvent('wheel'))
      expect(named('session_touch')).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(30_000)
      window.dispatchEvent(new MouseEvent('mousedown'))
      expect(named('session_touch')).toHaveLength(2)

      // 15 minutes counted from the last activity, not from signing in.
      await vi.advanceTimersByTimeAsync(15 * MINUTE - 1)
      expect(signedIn.value).toBe(true)
      await vi.advanceTimersByTimeAsync(1)
      expect(signedIn.value).toBe(false)
      expect(named('session_lock')).toHaveLength(1)
    } finally {
      stop()
    }
  })

  it('stops watching once stopped', async () => {
    vi.useFakeTimers()
    const { named } = core()
    await loadSession()
    watchIdle()()
    await vi.advanceTimersByTimeAsync(20 * MINUTE)
    move()
    expect(named('session_touch')).toHaveLength(0)
    expect(named('session_lock')).toHaveLength(0)
    expect(signedIn.value).toBe(true)
  })
})
