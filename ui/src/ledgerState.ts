import { reactive } from 'vue'
import type { CaseQuery } from './bindings/CaseQuery'
import type { CaseSort } from './bindings/CaseSort'
import type { Channel } from './bindings/Channel'
import type { StatusFilter } from './bindings/StatusFilter'

export const PAGE_SIZE = 20

export interface LedgerFilters {
  text: string
  status: StatusFilter
  channel: string
  /** 只看逾期 */
  overdue: boolean
  category: string
  village: string
  /** 村民小组 */
  group: string
  /** Received from / to, "YYYY-MM-DD" each, or empty. */
  dates: [string, string] | null
  sort: CaseSort
  page: number
}

export function emptyFilters(): LedgerFilters {
  return {
    text: '', status: 'all', channel: 'all', overdue: false, category: '', village: '', group: '', dates: null,
    sort: 'received_desc', page: 1,
  }
}

/** The ledger's filters, kept while the user visits a case and comes back. */
export const ledgerState = reactive<LedgerFilters>(emptyFilters())

/** True when anything narrows the list (the text search aside). */
export function filtered(s: LedgerFilters): boolean {
  return s.status !== 'all' || s.channel !== 'all' || s.overdue || !!s.category || !!s.village.trim() ||
    !!s.group.trim() || !!(s.dates && (s.dates[0] || s.dates[1]))
}

/** Clears every filter and the search, keeping the order chosen. */
export function clearFilters(s: LedgerFilters): void {
  Object.assign(s, { ...emptyFilters(), sort: s.sort })
}

/**
 * The core query for one page. Only what narrows or reorders the list is
 * sent: the defaults (all, newest first) are the core's own.
 */
export function ledgerQuery(s: LedgerFilters, pageSize = PAGE_SIZE): CaseQuery {
  const q: CaseQuery = {}
  const text = s.text.trim()
  if (text) q.text = text
  if (s.status !== 'all') q.status = s.status
  if (s.channel !== 'all') q.channel = s.channel as Channel
  if (s.overdue) q.overdue = true
  if (s.category) q.category = s.category
  const village = s.village.trim()
  if (village) q.village = village
  const group = s.group.trim()
  if (group) q.group = group
  if (s.dates) {
    if (s.dates[0]) q.from = s.dates[0]
    if (s.dates[1]) q.to = s.dates[1]
  }
  if (s.sort !== 'received_desc') q.sort = s.sort
  q.offset = (s.page - 1) * pageSize
  q.limit = pageSize
  return q
}
