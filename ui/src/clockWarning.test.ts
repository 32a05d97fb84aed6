// The clock warning: the core's words kept as they are, dropped when a later
// answer has none, kept when a call fails; asked again every five minutes
// while the app is open and someone is at the computer, never on a bare timer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setInvoker } from './api'
import { NOW, fakeCore } from './test/invoker'
import { ACTIVE_MS, CLOCK_CHECK_MS, checkClock, clockWarning, forgetClock, watchClock } from './clockWarning'

const WARNING = '本机时间可能不对：电脑显示 2009年1月1日，早于本软件发布的日期（2026年12月7日）。请先校正电脑时间（日期和时间设置）。'

beforeEach(() => forgetClock())
afterEach(() => {
  vi.useRealTimers()
  setInvoker(null)
})

describe('clock warning', () => {
  it('keeps the core\'s warning verbatim and drops it when a later answer has none', async () => {
    let warning: string | null = WARNING
    const { named } = fakeCore({ clock_now: () => ({ ...NOW, warning }) })
    await checkClock()
    expect(clockWarning.value).toBe(WARNING)
    expect(named('clock_now')[0].args).toEqual({})
    warning = null
    await checkClock()
    expect(clockWarning.value).toBeNull()
  })

  it('a failed call leaves what is shown, and two checks at once ask once', async () => {
    let fail = false
    const { named } = fakeCore({
      clock_now: () => {
        if (fail) throw { kind: 'internal', message: '操作失败', field: null }
        return { ...NOW, warning: WARNING }
      },
    })
    await Promise.all([checkClock(), checkClock()])
    expect(named('clock_now')).toHaveLength(1)
    fail = true
    await checkClock()
    expect(clockWarning.value).toBe(WARNING)
  })

  it('asks again every five minutes while the app is open and in use', async () => {
    vi.useFakeTimers()
    const { named } = fakeCore({ clock_now: () => ({ ...NOW, warning: WARNING }) })
    const state = { ready: true, idle: 0 }
    const stop = watchClock({ ready: () => state.ready, idleFor: () => state.idle })
    try {
      await checkClock() // the app opened
      await vi.advanceTimersByTimeAsync(CLOCK_CHECK_MS - 1)
      expect(named('clock_now')).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(ACTIVE_MS)
      expect(named('clock_now')).toHaveLength(2)
      await vi.advanceTimersByTimeAsync(CLOCK_CHECK_MS)
      expect(named('clock_now')).toHaveLength(3)

      // Nobody at the computer: the ledger is left to lock itself.
      state.idle = ACTIVE_MS
      await vi.advanceTimersByTimeAsync(3 * CLOCK_CHECK_MS)
      expect(named('clock_now')).toHaveLength(3)
      // Back at work: asked within a minute.
      state.idle = 0
      await vi.advanceTimersByTimeAsync(ACTIVE_MS)
      expect(named('clock_now')).toHaveLength(4)

      // Signed out or locked: nothing is asked.
      state.ready = false
      await vi.advanceTimersByTimeAsync(3 * CLOCK_CHECK_MS)
      expect(named('clock_now')).toHaveLength(4)
    } finally {
      stop()
    }
    state.ready = true
    await vi.advanceTimersByTimeAsync(3 * CLOCK_CHECK_MS)
    expect(named('clock_now')).toHaveLength(4)
  })
})
