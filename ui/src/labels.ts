// Every Chinese label for the core's enums, in one place.
import type { Channel } from './bindings/Channel'
import type { Step } from './bindings/Step'
import type { Route } from './bindings/Route'
import type { Outcome } from './bindings/Outcome'
import type { Urgency } from './bindings/Urgency'
import type { DeadlineState } from './bindings/DeadlineState'
import type { Gender } from './bindings/Gender'
import type { Role } from './bindings/Role'
import type { AccountRole } from './bindings/AccountRole'
import type { StatusFilter } from './bindings/StatusFilter'
import type { ViewedPart } from './bindings/ViewedPart'
import type { Link } from './bindings/Link'

export const CHANNEL: Record<Channel, string> = {
  visit: '来访',
  letter: '来信',
  phone: '电话',
  online: '网上',
  door_to_door: '下访',
  appointment: '约访',
  handed_down: '交办',
}

export const STEP: Record<Step, string> = {
  registered: '登记备案',
  commissioned: '委托',
  carried_up: '代言代访',
  fed_back: '反馈结果',
  revisited: '回访巩固',
}

export const ROUTE: Record<Route, string> = {
  five_step: '五步法代办',
  settled_on_spot: '本级调处',
  legal_route: '导入法律程序',
}

export const OUTCOME: Record<Outcome, string> = {
  in_progress: '正在化解',
  handled: '办结',
  resolved: '化解',
  stopped: '息访息诉',
}

export const URGENCY: Record<Urgency, string> = {
  normal: '一般',
  pressing: '较急',
  urgent: '紧急',
}

export const DEADLINE_STATE: Record<DeadlineState, string> = {
  met: '按期完成',
  met_late: '逾期完成',
  pending: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  passed_before_import: '导入前已过期',
}

export const GENDER: Record<Gender, string> = { male: '男', female: '女' }

export const ROLE: Record<Role, string> = { village: '村信访员', township: '乡镇信访办' }

/** What a signed-in person may do (the account's role, not the device's). */
export const ACCOUNT_ROLE: Record<AccountRole, string> = {
  liaison: '村信访员',
  clerk: '乡镇信访办工作人员',
  leader: '领导',
  viewer: '查看',
}

/** What each account role may do, in one line (账号 page). */
export const ACCOUNT_ROLE_HINT: Record<AccountRole, string> = {
  liaison: '什么都能做：登记、办理、排查、统计、同步、备份，也能新建和停用账号。',
  clerk: '什么都能做：登记、办理、交办、统计、同步、备份，也能新建和停用账号。',
  leader: '查看台账、交办、看统计；写明理由后可以看完整的身份证号码和电话（记入查阅记录）；看不到检举、揭发事项。',
  viewer: '只能查看，不能修改；身份证号码和电话只显示部分数字；看不到检举、揭发事项。',
}

export const STATUS: Record<Exclude<StatusFilter, 'voided'>, string> = {
  all: '全部',
  open: '办理中',
  closed: '已结案',
}

/** Case event actions (CaseEvent.action). */
export const ACTION: Record<string, string> = {
  register: '登记备案',
  repeat_visit: '重复来访',
  commission: '委托',
  carry_up: '代言代访',
  feed_back: '反馈结果',
  settle_on_spot: '本级调处',
  direct_to_legal_route: '导入法律程序',
  revisit: '回访',
  close: '结案',
  extend: '延期',
  void: '作废',
  assign: '交办',
  conflict_settled: '确认同步冲突',
  mark_confidential: '标记为检举、揭发事项',
  unmark_confidential: '取消检举、揭发标记',
}

export function actionLabel(a: string): string {
  return ACTION[a] ?? a
}

/** [value, label] pairs for selects, in declaration order. */
export function options<K extends string>(m: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(m) as K[]).map((value) => ({ value, label: m[value] }))
}

/** Why another case is shown as the same petitioner's (ResidentCase.link, 同一信访人的其他事项). */
export const RESIDENT_LINK: Record<Link, string> = {
  same_id_number: '身份证号码相同',
  same_name_and_village: '同名同村（无身份证号码，可能是同一人，请核实）',
}

// ---- agreements and revisits (case page, agreement editor, revisit log)

export const AGREEMENT_FORM: Record<'written' | 'oral', string> = { written: '书面协议', oral: '口头协议' }

export const AGREEMENT_STATUS: Record<'draft' | 'signed' | 'superseded', string> = {
  draft: '草稿',
  signed: '已签订',
  superseded: '已被更正',
}

export const REVISIT_METHOD: Record<'in_person' | 'phone', string> = { in_person: '上门回访', phone: '电话回访' }

export const SATISFACTION: Record<'satisfied' | 'mostly_satisfied' | 'dissatisfied', string> = {
  satisfied: '满意',
  mostly_satisfied: '基本满意',
  dissatisfied: '不满意',
}

/** Case event actions about agreements (CaseEvent.action). */
export const AGREEMENT_EVENT: Record<string, string> = {
  agreement_draft: '起草调解协议',
  agreement_sign: '签订调解协议',
  agreement_correct: '更正调解协议',
}

/** Any case event action in words (ACTION, then AGREEMENT_EVENT). */
export function eventLabel(a: string): string {
  return ACTION[a] ?? AGREEMENT_EVENT[a] ?? a
}

// ---- screening rounds and the ledger's order (排查, 台账)

export const SCREENING_SCOPE: Record<'village' | 'group' | 'township', string> = {
  village: '全村',
  group: '村民小组',
  township: '全乡镇',
}

export const FINDING_STATUS: Record<'in_progress' | 'resolved' | 'became_case', string> = {
  in_progress: '正在化解',
  resolved: '已化解',
  became_case: '已转为信访事项',
}

export const CASE_SORT: Record<'received_desc' | 'received_asc' | 'updated_desc', string> = {
  received_desc: '登记时间（新→旧）',
  received_asc: '登记时间（旧→新）',
  updated_desc: '最近办理',
}

export const PRINT_MEDIUM: Record<'paper' | 'pdf', string> = { paper: '打印', pdf: '另存 PDF' }

export const ATTACHMENT_KIND: Record<'signed_agreement' | 'evidence' | 'performance_proof' | 'other', string> = {
  signed_agreement: '签字协议书',
  evidence: '证据材料',
  performance_proof: '履行凭证',
  other: '其他材料',
}

// ---- 修改记录 (case page): what a recorded change touched, and how

/** The kind of record a change touched (CaseChange.entity). */
export const CHANGE_ENTITY: Record<string, string> = {
  case: '信访事项',
  case_event: '办理步骤',
  visit: '来访记录',
  visit_petitioner: '来访人',
  person: '信访人信息',
  agreement: '调解协议',
  agreement_print: '协议打印',
  revisit: '回访',
  attachment: '附件',
  person_access: '显示完整号码',
  screening_round: '排查',
  screening_finding: '排查纠纷',
  receipt: '回执',
  case_view: '查看检举、揭发事项',
}

/** What of a report against an official was looked at (CaseView.what, 查看记录). */
export const VIEWED_PART: Record<ViewedPart, string> = {
  case: '查看事项',
  agreement: '查看调解协议',
  attachment: '查看附件',
}

/** What was done to it (CaseChange.op). */
export const CHANGE_OP: Record<string, string> = {
  insert: '新增',
  update: '修改',
  void: '作废',
}

/** A change in words, e.g. 附件：新增; an unknown entity or op as the core named it. */
export function changeLabel(entity: string, op: string): string {
  return `${CHANGE_ENTITY[entity] ?? entity}：${CHANGE_OP[op] ?? op}`
}
