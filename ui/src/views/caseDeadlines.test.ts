// The case page's 办理期限 of a case imported from an old Excel ledger: a
// deadline the core says had passed before the import is shown with the
// core's words, in grey, without days overdue; one overdue since is red.
import { describe, expect, it } from 'vitest'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView } from '../test/page'
import CaseView from './CaseView.vue'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { Deadline } from '../bindings/Deadline'

const deadline = (over: Partial<Deadline>): Deadline => ({
  rule: 'accept', title: '受理告知期限', basis: '《信访工作条例》', from: '2009-02-10', days: 15, due_on: '2009-02-25',
  state: 'passed_before_import', state_label: '导入前已过期', days_left: null, paper_due: '书面告知', ...over,
})

const imported = {
  case: {
    id: 'c1', number: '路居镇信〔2009〕第2号', village: '中坝村', group: null, channel: 'visit', category: '土地承包',
    request: '承包地边界争议', urgency: 'normal', received_at: '2009-02-10T00:00:00+08:00', received_by: '李某',
    step: 'registered', route: 'five_step', outcome: 'in_progress', extension_days: null, extension_reason: null,
    accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1', created_at: '', updated_at: '',
    voided_at: null, void_reason: null, assigned_to: null, confidential: false,
  },
  visits: [], events: [], agreements: [], revisits: [], people: [], attachments: [], signed_scan_missing: [],
  resident_cases: [], resident_differences: [], papers: [], allowed_actions: [], steps: [],
  deadlines: [
    deadline({}),
    deadline({ rule: 'handle', title: '办结期限', state: 'overdue', state_label: '已逾期', days_left: -4, due_on: '2009-07-16' }),
  ],
} as unknown as CaseDetail

freshPageEachTest()

describe('case page deadlines of an imported case', () => {
  it('shows a deadline passed before the import as history, not overdue', async () => {
    fakeCore({ case_show: () => imported })
    await mountView(CaseView, '/case/c1', [
      { path: '/case/:id', component: CaseView, props: true },
      { path: '/case/:id/revisit', component: { template: '<div />' } },
    ], { id: 'c1' })
    const rows = [...document.querySelectorAll('[data-testid="case-deadline"]')]
    expect(rows).toHaveLength(2)
    const [history, overdue] = rows.map((r) => r.querySelector('.el-tag')!)
    expect(history.textContent?.trim()).toBe('导入前已过期')
    expect(history.classList.contains('el-tag--info')).toBe(true)
    expect(rows[0].textContent).not.toContain('逾期')
    expect(overdue.classList.contains('el-tag--danger')).toBe(true)
    expect(rows[1].textContent).toContain('逾期 4 天')
  })
})
