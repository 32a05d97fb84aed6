// The case page's helpers: the words for the actions the core allows and the
// CaseTransition they send, the events that changed the case's path, and the
// core's "today" (the app's clock, which may differ from the computer's). The
// actions allowed and the five steps' standing come with the case from the
// core (CaseDetail.allowed_actions, CaseDetail.steps); nothing here decides them.
import type { Directive } from 'vue'
import { call } from './api'
import { chinaToday } from './format'
import type { CaseDetail } from './bindings/CaseDetail'
import type { CaseEvent } from './bindings/CaseEvent'
import type { CaseTransition } from './bindings/CaseTransition'
import type { Outcome } from './bindings/Outcome'
import type { Transition } from './bindings/Transition'
import type { TransitionKind } from './bindings/TransitionKind'

/** Revisits are not a transition any more: they go through revisit_add. */
export type ActionName = Exclude<TransitionKind, 'revisit'>

/**
 * What the liaison ticks before 委托. The core itself writes the signed
 * commitment into the 委托 event's note, so the UI sends only the user's note.
 */
export const COMMITMENT_NOTE = '已与信访人签订双向承诺书'

export const ACTIONS: { action: ActionName; label: string; hint: string }[] = [
  {
    action: 'commission',
    label: '委托',
    hint: '信访人委托代办。委托时须与信访人签订《双向承诺书》：信访人如实反映诉求、依法有序信访，信访代理员依规代办、及时反馈。',
  },
  { action: 'carry_up', label: '代言代访', hint: '把信访人的诉求反映到有关部门，代其跑腿办理。' },
  { action: 'feed_back', label: '反馈结果', hint: '把有关部门的办理结果告知信访人。' },
  { action: 'settle_on_spot', label: '本级调处', hint: '在本村（本乡镇）就地调解处理，不再上交。' },
  { action: 'direct_to_legal_route', label: '导入法律程序', hint: '告知信访人通过诉讼、仲裁、行政复议等法律途径解决。' },
  { action: 'extend', label: '延期', hint: '办理期限需要延长时使用，须写明理由并告知信访人。' },
  { action: 'close', label: '结案', hint: '选择办理结果后结案。' },
]

export function actionDef(a: ActionName) {
  return ACTIONS.find((x) => x.action === a)!
}

export interface TransitionForm {
  action: ActionName
  actor: string
  /** YYYY-MM-DD; empty: today (the core's clock). */
  on: string
  note: string
  days: number
  reason: string
  outcome: Outcome
  /** 委托: the two-way commitment was signed. */
  commitment?: boolean
}

export function buildTransition(caseId: string, f: TransitionForm): CaseTransition {
  let transition: Transition
  if (f.action === 'extend') transition = { action: 'extend', days: f.days, reason: f.reason.trim() }
  else if (f.action === 'close') transition = { action: 'close', outcome: f.outcome }
  else transition = { action: f.action }
  const t: CaseTransition = { id: caseId, transition, actor: f.actor.trim() }
  if (f.on) t.on = f.on
  const note = f.note.trim()
  if (note) t.note = note
  return t
}

/**
 * The actions to offer on the case as it stands: the core's `allowed_actions`
 * (domain/lifecycle.rs decides them), in its order. The core never lists a
 * revisit there (it has its own form); the filter only tells TypeScript so.
 */
export function offeredActions(d: CaseDetail): ActionName[] {
  return d.allowed_actions.filter((a): a is ActionName => a !== 'revisit')
}

function eventsOf(d: CaseDetail, action: string): CaseEvent[] {
  return d.events.filter((e) => e.action === action)
}

/** The events that change a case's path or end it: route, extension, closing. */
export function milestones(d: CaseDetail): { route: CaseEvent | null; extend: CaseEvent | null; close: CaseEvent | null } {
  const last = (a: string) => { const l = eventsOf(d, a); return l.length ? l[l.length - 1] : null }
  return {
    route: last('settle_on_spot') ?? last('direct_to_legal_route'),
    extend: last('extend'),
    close: last('close'),
  }
}

// ---- the core's clock

let todayCache: { at: number; day: Promise<string> } | null = null

/**
 * Today as the core counts it (YYYY-MM-DD): the app's clock can be set apart
 * from the computer's. Asked again after a minute (the day may turn); falls
 * back to the computer's day in China.
 */
export function coreToday(): Promise<string> {
  const now = Date.now()
  if (!todayCache || now - todayCache.at > 60_000) {
    const day = call('clock_now', {})
      .then((c) => c.today)
      .catch(() => {
        todayCache = null
        return chinaToday()
      })
    todayCache = { at: now, day }
  }
  return todayCache.day
}

/** For tests: forget the cached day. */
export function resetCoreToday(): void {
  todayCache = null
}

/**
 * v-input-testid="'x'": puts data-testid on the first native input (or
 * textarea) inside the element, for widgets that drop attributes (the date
 * picker) or keep them on a wrapper (the number input).
 */
export const vInputTestid: Directive<HTMLElement, string> = {
  mounted(el, b) {
    el.querySelector('input, textarea')?.setAttribute('data-testid', b.value)
  },
  updated(el, b) {
    el.querySelector('input, textarea')?.setAttribute('data-testid', b.value)
  },
}
