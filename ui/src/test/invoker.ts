// A fake core for the view tests: each command answers from the test's own
// handlers, else from the ledger's clock, an empty draft store (which every
// form page touches) and the rules the help cites, and every call is recorded so a test can check what the
// page sent.
import { vi } from 'vitest'
import { setInvoker } from '../api'
import type { RuleBasis } from '../bindings/RuleBasis'

export type Handler = (args: Record<string, unknown>) => unknown
export interface Call {
  name: string
  args: Record<string, unknown>
}

/** The day the tests stand on, as the core's clock_now tells it (a clock it trusts: no warning). */
export const NOW = { now: '2026-05-06T09:00:00+08:00', today: '2026-05-06', warning: null }

/** The rules as the core cites them (domain/deadlines.rs, deadline_rules). */
export const RULES: RuleBasis[] = [
  {
    rule: 'accept', title: '受理告知期限',
    basis: '《信访工作条例》：收到信访事项后15日内，区分情况予以受理、转送交办或告知通过法定途径解决，并书面告知信访人',
  },
  {
    rule: 'handle', title: '办结期限',
    basis: '《信访工作条例》：受理后60日内办结；情况复杂的经负责人批准可延长一次，不超过30日，并告知延期理由',
  },
  {
    rule: 'court_confirmation', title: '司法确认申请期限',
    basis: '《人民调解法》第三十三条：调解协议生效之日起30日内，双方可共同向人民法院申请司法确认',
  },
  { rule: 'mediation', title: '调解期限', basis: '司法部《人民调解工作若干规定》：调解纠纷一般在一个月内调结' },
  { rule: 'revisit', title: '回访期限', basis: '本地做法：初访问题办后回访制，办结后按期回访巩固' },
  { rule: 'village_screening', title: '村级矛盾纠纷排查', basis: '本地做法：村级每三天开展一次矛盾纠纷排查，无情况也要零报告' },
  { rule: 'township_screening', title: '乡镇矛盾纠纷排查', basis: '本地做法：乡镇每周开展一次矛盾纠纷排查' },
]

const defaults: Record<string, Handler> = {
  clock_now: () => NOW,
  deadline_rules: () => RULES,
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
