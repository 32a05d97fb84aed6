// 查看记录 on the page of a report against an official (检举、揭发): shown
// only on such a case, collapsed and not read until opened; opened, it lists
// every look newest first with who (and in what role), when (China time) and
// what was looked at; it says so when there is nothing, why it could not be
// read, and is read again on reload().
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeCore, type Handler } from '../test/invoker'
import { freshPageEachTest, mountView, settle } from '../test/page'
import { session } from '../session'
import CaseView from '../views/CaseView.vue'
import CaseViewList from './CaseViewList.vue'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { CaseView as CaseViewRow } from '../bindings/CaseView'
import { mayOf } from '../test/session'

const plain: CaseDetail = {
  case: {
    id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: '三组', channel: 'visit', category: '村务管理',
    request: '检举村干部虚报低保名单。', urgency: 'normal', received_at: '2026-03-02T01:30:00Z',
    received_by: '李某', step: 'registered', route: 'five_step', outcome: 'in_progress', extension_days: null,
    extension_reason: null, accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1',
    created_at: '2026-03-02T01:31:00Z', updated_at: '2026-03-02T01:31:00Z', voided_at: null, void_reason: null, assigned_to: null,
    confidential: false,
  },
  visits: [],
  events: [],
  deadlines: [],
  agreements: [],
  revisits: [],
  people: [],
  attachments: [],
  signed_scan_missing: [],
  allowed_actions: [], agreement_due: false,
  steps: [], papers: [],
  resident_cases: [],
  resident_differences: [],
}
const marked: CaseDetail = { ...plain, case: { ...plain.case, confidential: true } }

function look(id: string, over: Partial<CaseViewRow> = {}): CaseViewRow {
  return {
    id, case_id: 'c1', account_name: '李梅', role: 'liaison', device_id: 'dev-v', what: 'case',
    viewed_at: '2026-05-05T01:00:00Z', ...over,
  }
}

/** As the core answers: oldest first. */
const LOG: CaseViewRow[] = [
  look('v1'),
  look('v2', { viewed_at: '2026-05-05T02:00:00Z', what: 'agreement', account_name: '王干事', role: 'clerk' }),
  look('v3', { viewed_at: '2026-05-06T01:00:00Z', what: 'attachment', account_name: '（命令行）', role: null }),
]

async function mountCase(shown: CaseDetail, handlers: Record<string, Handler> = {}) {
  const core = fakeCore({ case_show: () => shown, ...handlers })
  const { w } = await mountView(CaseView, '/case/c1', [
    { path: '/case/:id', name: 'case', component: CaseView, props: true },
    { path: '/case/:id/revisit', component: { template: '<div />' } },
    { path: '/ledger', component: { template: '<div />' } },
  ], { id: 'c1' })
  return { w, ...core }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const viewRows = () =>
  Array.from(document.querySelectorAll('[data-testid="case-view-row"]')).map((r) =>
    Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()),
  )

async function openViewList() {
  document.querySelector<HTMLElement>('[data-testid="case-view-list"] .el-collapse-item__header')!.click()
  await settle()
}

freshPageEachTest()
beforeEach(() => {
  session.value = {
    ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
    account: { account_id: 'acc-1', name: '李梅', role: 'liaison' }, may: mayOf('liaison'), idle_minutes: 15,
  }
})

describe('查看记录 on the case page', () => {
  it('is shown only on a report against an official', async () => {
    const { named } = await mountCase(plain)
    expect(byTestId('case-view-list')).toBeNull()
    expect(named('case_views')).toHaveLength(0)
  })

  it('is not read until opened, then lists every look newest first with the role', async () => {
    const { named } = await mountCase(marked, { case_views: () => LOG })
    expect(byTestId('case-view-list')!.textContent).toContain('查看记录')
    expect(named('case_views')).toHaveLength(0)
    await openViewList()
    expect(named('case_views').map((c) => c.args)).toEqual([{ id: 'c1' }])
    expect(viewRows()).toEqual([
      ['2026年5月6日 09:00', '（命令行）', '查看附件'],
      ['2026年5月5日 10:00', '王干事（乡镇信访办工作人员）', '查看调解协议'],
      ['2026年5月5日 09:00', '李梅（村信访员）', '查看事项'],
    ])
  })

  it('says so when there is nothing yet', async () => {
    await mountCase(marked, { case_views: () => [] })
    await openViewList()
    expect(viewRows()).toHaveLength(0)
    expect(byTestId('case-view-list')!.textContent).toContain('还没有查看记录。')
  })

  it('says why the list could not be read', async () => {
    await mountCase(marked, { case_views: () => { throw { kind: 'internal', message: '台账读取失败', field: null } } })
    await openViewList()
    expect(byTestId('case-view-list-error')!.textContent).toContain('台账读取失败')
    expect(viewRows()).toHaveLength(0)
  })
})

describe('CaseViewList', () => {
  it('is read again on reload() while open, so the newest look shows', async () => {
    let log = [LOG[0]]
    const { named } = fakeCore({ case_views: () => log })
    const { w } = await mountView(CaseViewList, '/', [{ path: '/', component: CaseViewList }], { detail: marked })
    await openViewList()
    expect(viewRows()).toHaveLength(1)
    log = [...log, look('v9', { viewed_at: '2026-05-06T02:00:00Z' })]
    await (w.vm as unknown as { reload: () => Promise<void> }).reload()
    await settle()
    expect(named('case_views')).toHaveLength(2)
    expect(viewRows()[0]).toEqual(['2026年5月6日 10:00', '李梅（村信访员）', '查看事项'])
  })
})
