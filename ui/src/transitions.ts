// The actions a case page offers, and the CaseTransition they send.
import type { CaseTransition } from './bindings/CaseTransition'
import type { Outcome } from './bindings/Outcome'
import type { Transition } from './bindings/Transition'

export type ActionName = Transition['action']

export const ACTIONS: { action: ActionName; label: string; hint: string }[] = [
  { action: 'commission', label: '委托', hint: '群众委托代办，签订双向承诺书' },
  { action: 'carry_up', label: '代言代访', hint: '将诉求反映到有关部门' },
  { action: 'feed_back', label: '反馈结果', hint: '把办理结果告知群众' },
  { action: 'settle_on_spot', label: '本级调处', hint: '在村（乡镇）就地调处化解' },
  { action: 'direct_to_legal_route', label: '导入法律程序', hint: '告知通过诉讼、仲裁等法律途径解决' },
  { action: 'revisit', label: '回访', hint: '回访群众，巩固化解成果' },
  { action: 'extend', label: '延期', hint: '办理期限延长，须说明理由' },
  { action: 'close', label: '结案', hint: '选择办理结果后结案' },
]

export interface TransitionForm {
  action: ActionName
  actor: string
  /** YYYY-MM-DD */
  on: string
  note: string
  days: number
  reason: string
  outcome: Outcome
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
