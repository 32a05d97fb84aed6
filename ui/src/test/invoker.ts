// A fake core for the view tests: each command answers from the test's own
// handlers, else from the ledger's clock and an empty draft store (which every
// form page touches), and every call is recorded so a test can check what the
// page sent.
import { vi } from 'vitest'
import { setInvoker } from '../api'

export type Handler = (args: Record<string, unknown>) => unknown
export interface Call {
  name: string
  args: Record<string, unknown>
}

/** The day the tests stand on, as the core's clock_now tells it (a clock it trusts: no warning). */
export const NOW = { now: '2026-05-06T09:00:00+08:00', today: '2026-05-06', warning: null }

const defaults: Record<string, Handler> = {
  clock_now: () => NOW,
  draft_load: () => ({ value: null, saved_at: null }),
  draft_save: (a) => ({ value: a.value, saved_at: '2026-05-06T01:00:00Z' }),
  draft_clear: () => ({}),
}

export function fakeCore(handlers: Record<string, Handler> = {}) {
  const calls: Call[] = []
  const inv = vi.fn(async (_cmd: string, a: Call) => {
    calls.push(a)
    const h = handlers[a.name] ?? defaults[a.name]
    // Rejected as the core would, so the page shows which command the test left out.
    if (!h) throw { kind: 'internal', message: `未模拟的命令 ${a.name}`, field: null }
    return h(a.args)
  })
  setInvoker(inv as never)
  return {
    calls,
    inv,
    named: (name: string) => calls.filter((c) => c.name === name),
  }
}
