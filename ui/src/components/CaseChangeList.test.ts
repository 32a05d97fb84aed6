// 修改记录 on the case page: collapsed and not read until opened; opened, it
// lists every change newest first with the time in China time, the device
// (未知设备 when not known here), the account (a dash, explained, when none
// was signed in) and what was changed in words; it says why it could not be
// read, and is read again after a change made on the page.
import { beforeEach, describe, expect, it } from 'vitest'
import { fakeCore, type Handler } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { session } from '../session'
import CaseView from '../views/CaseView.vue'
import CaseChangeList from './CaseChangeList.vue'
import type { CaseChange } from '../bindings/CaseChange'
import type { CaseDetail } from '../bindings/CaseDetail'
import { mayOf } from '../test/session'

const detail: CaseDetail = {
  case: {
    id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: '三组', channel: 'visit', category: '土地承包',
    request: '反映承包地被他人占用葬坟，要求处理。', urgency: 'normal', received_at: '2026-03-02T01:30:00Z',
    received_by: '李某', step: 'registered', route: 'five_step', outcome: 'in_progress', extension_days: null,
    extension_reason: null, accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1',
    created_at: '2026-03-02T01:31:00Z', updated_at: '2026-03-02T01:31:00Z', voided_at: null, void_reason: null, assigned_to: null,
    confidential: false,
  },
  visits: [{
    id: 'v1', channel: 'visit', received_at: '2026-03-02T01:30:00Z', headcount: 1, request: '反映承包地被他人占用葬坟，要求处理。',
    received_by: '李某', facts: null, measures: null, is_repeat: false,
    petitioners: [{
      representative: false, id: 'p1', name: '王某', gender: 'female', birth_date: '1980-01-01',
      id_number_masked: '522728********0020', phone_masked: '138****5678', village: '石岩哨村', group: '三组', address: null, ethnicity: null, occupation: null,
    }],
  }],
  events: [],
  deadlines: [],
  agreements: [],
  revisits: [],
  people: [],
  attachments: [],
  signed_scan_missing: [],
  allowed_actions: [], agreement_due: false,
  steps: [],
  resident_cases: [],
  resident_differences: [],
  papers: [],
}

function change(over: Partial<CaseChange> = {}): CaseChange {
  return {
    recorded_at: '2026-03-02T01:31:00Z', device_id: 'dev-v', device_name: '石岩哨村', account: '李梅',
    entity: 'case', op: 'insert', ...over,
  }
}

/** As the core answers: oldest first. */
const LOG: CaseChange[] = [
  change(),
  change({ recorded_at: '2026-03-02T01:32:00Z', entity: 'visit_petitioner', account: null }),
  change({ recorded_at: '2026-04-10T02:00:00Z', entity: 'agreement', op: 'void', device_name: null, device_id: 'dev-x' }),
  change({ recorded_at: '2026-05-05T16:30:00Z', entity: 'person_access', device_name: '石岩哨乡', account: '赵主任' }),
  change({ recorded_at: '2026-05-06T01:00:00Z', entity: 'mystery_thing', op: 'merge' }),
]

async function mountCase(handlers: Record<string, Handler> = {}) {
  const core = fakeCore({ case_show: () => detail, ...handlers })
  const { w } = await mountView(CaseView, '/case/c1', [
    { path: '/case/:id', name: 'case', component: CaseView, props: true },
    { path: '/case/:id/revisit', component: { template: '<div />' } },
    { path: '/ledger', component: { template: '<div />' } },
  ], { id: 'c1' })
  return { w, ...core }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const rowEls = () => Array.from(document.querySelectorAll('[data-testid="change-row"]'))
const changeRows = () => rowEls().map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()))

async function openChangeList() {
  document.querySelector<HTMLElement>('[data-testid="change-list"] .el-collapse-item__header')!.click()
  await settle()
}

freshPageEachTest()
beforeEach(() => {
  session.value = null
})

describe('修改记录 on the case page', () => {
  it('is not read until opened, then lists every change newest first in words', async () => {
    const { named } = await mountCase({ case_changes: () => LOG, access_list: () => [] })
    expect(byTestId('change-list')!.textContent).toContain('修改记录')
    // Collapsed, the list is not read.
    expect(named('case_changes')).toHaveLength(0)
    await openChangeList()
    expect(named('case_changes').map((c) => c.args)).toEqual([{ id: 'c1' }])
    expect(changeRows()).toEqual([
      ['2026年5月6日 09:00', '石岩哨村', '李梅', 'mystery_thing：merge'],
      ['2026年5月6日 00:30', '石岩哨乡', '赵主任', '显示完整号码：新增'],
      ['2026年4月10日 10:00', '未知设备', '李梅', '调解协议：作废'],
      ['2026年3月2日 09:32', '石岩哨村', '—', '来访人：新增'],
      ['2026年3月2日 09:31', '石岩哨村', '李梅', '信访事项：新增'],
    ])
    // No account: a dash that says why.
    const dash = rowEls()[3].querySelectorAll('td')[2].querySelector('[title]')!
    expect(dash.getAttribute('title')).toBe('登录功能启用前或命令行所做')
    expect(rowEls()[0].querySelectorAll('td')[2].querySelector('[title]')).toBeNull()
    // The access list beside it stays unread.
    expect(named('access_list')).toHaveLength(0)
  })

  it('says so when there is nothing yet', async () => {
    await mountCase({ case_changes: () => [] })
    await openChangeList()
    expect(rowEls()).toHaveLength(0)
    expect(byTestId('change-list')!.textContent).toContain('本件还没有修改记录。')
  })

  it('says why the list could not be read', async () => {
    await mountCase({ case_changes: () => { throw { kind: 'internal', message: '台账读取失败', field: null } } })
    await openChangeList()
    expect(byTestId('change-list-error')!.textContent).toContain('台账读取失败')
    expect(rowEls()).toHaveLength(0)
  })

  it('is read again after a whole number is shown on the page', async () => {
    let log = [change()]
    const { named } = await mountCase({
      case_changes: () => log,
      access_list: () => [],
      person_reveal: () => {
        log = [...log, change({ recorded_at: '2026-05-06T01:05:00Z', entity: 'person_access', account: '赵主任' })]
        return { id: 'p1', name: '王某', id_number: '522728198001010020', phone: '13812345678' }
      },
    })
    session.value = {
      ledger: { set_up: true, unencrypted_ledger: false, accounts: ['赵主任'] },
      account: { account_id: 'acc-2', name: '赵主任', role: 'leader' }, may: mayOf('leader'), idle_minutes: 15,
    }
    await openChangeList()
    expect(changeRows()).toHaveLength(1)
    click('reveal-person')
    await settle()
    setInput('reveal-reason', '核对身份后办理转办')
    click('reveal-submit')
    await settle()
    expect(named('case_changes')).toHaveLength(2)
    expect(changeRows()[0]).toEqual(['2026年5月6日 09:05', '石岩哨村', '赵主任', '显示完整号码：新增'])
  })
})

describe('CaseChangeList', () => {
  it('is read again when the page reads its case anew: at once if open, else when next opened', async () => {
    const { named } = fakeCore({ case_changes: () => [change()] })
    const { w } = await mountView(CaseChangeList, '/', [{ path: '/', component: CaseChangeList }], { detail })
    await openChangeList()
    expect(named('case_changes')).toHaveLength(1)
    await w.setProps({ detail: { ...detail } })
    await settle()
    expect(named('case_changes')).toHaveLength(2)

    // Closed, a new reading only marks it stale.
    await openChangeList()
    await w.setProps({ detail: { ...detail } })
    await settle()
    expect(named('case_changes')).toHaveLength(2)
    await openChangeList()
    expect(named('case_changes')).toHaveLength(3)
    // Opened again with nothing new, it is not read again.
    await openChangeList()
    await openChangeList()
    expect(named('case_changes')).toHaveLength(3)
  })
})
