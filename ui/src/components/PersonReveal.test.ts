// 显示完整号码 and 查阅记录 on the case page: the whole numbers are shown only
// after a reason the core accepts, in the dialog only, and forgotten when it
// closes; the access list is read when opened and again after a reveal, and
// names the person, who looked (with their role), when (China time) and why;
// a viewer has no button.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { fakeCore, type Handler } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { session } from '../session'
import CaseView from '../views/CaseView.vue'
import PersonReveal from './PersonReveal.vue'
import type { Account } from '../bindings/Account'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { PersonAccess } from '../bindings/PersonAccess'
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
  people: [{
    id: 'p2', name: '张某', gender: 'male', birth_date: null, id_number_masked: null, phone_masked: null,
    village: '石岩哨村', group: '三组', address: null, ethnicity: null, occupation: null,
  }],
  attachments: [],
  signed_scan_missing: [],
  allowed_actions: [], agreement_due: false,
  steps: [],
  resident_cases: [],
  resident_differences: [],
  papers: [],
}

const WHOLE = { id: 'p1', name: '王某', id_number: '522728198001010020', phone: '13812345678' }

function access(id: string, over: Partial<PersonAccess> = {}): PersonAccess {
  return {
    id, person_id: 'p1', case_id: 'c1', account_name: '李梅', role: 'liaison', device_id: 'dev-v',
    reason: '核对身份后办理转办', accessed_at: '2026-05-05T01:00:00Z', ...over,
  }
}

const LEADER: Account = { account_id: 'acc-2', name: '赵主任', role: 'leader' }

function signedInAs(account: Account) {
  session.value = { ledger: { set_up: true, unencrypted_ledger: false, accounts: [account.name] }, account, may: mayOf(account.role), idle_minutes: 15 }
}

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
const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
const accessRows = () =>
  Array.from(document.querySelectorAll('[data-testid="access-row"]')).map((r) =>
    Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.trim()),
  )

async function openAccessList() {
  document.querySelector<HTMLElement>('[data-testid="access-list"] .el-collapse-item__header')!.click()
  await settle()
}

freshPageEachTest()
beforeEach(() => {
  session.value = null
})

describe('showing a person’s whole numbers', () => {
  it('shows the core’s refusal of a reason on the field, and no numbers', async () => {
    signedInAs(LEADER)
    const { named } = await mountCase({
      person_reveal: () => { throw { kind: 'invalid', message: '理由：请写明为什么要看完整号码（至少 4 个字）', field: 'reason' } },
    })
    click('reveal-person')
    await settle()
    expect(byTestId('reveal-dialog')!.textContent).toContain('王某')
    setInput('reveal-reason', '核对')
    click('reveal-submit')
    await settle()
    expect(named('person_reveal').map((c) => c.args)).toEqual([{ id: 'p1', case_id: 'c1', reason: '核对' }])
    const item = byTestId('reveal-reason')!.closest('.el-form-item')!
    expect(item.querySelector('[data-testid="field-error"]')!.textContent).toBe('理由：请写明为什么要看完整号码（至少 4 个字）')
    expect(byTestId('revealed-id-number')).toBeNull()
    expect(byTestId('revealed-phone')).toBeNull()
  })

  it('shows the numbers with the note, reloads the access list, and forgets them when closed', async () => {
    let log = [access('x1')]
    const { named } = await mountCase({
      access_list: () => log,
      person_reveal: (a) => {
        log = [...log, access('x2', {
          account_name: '赵主任', role: 'leader', reason: a.reason as string, accessed_at: '2026-05-06T01:05:00Z',
        })]
        return WHOLE
      },
    })
    signedInAs(LEADER)
    // Collapsed, the list is not read.
    expect(named('access_list')).toHaveLength(0)
    await openAccessList()
    expect(named('access_list').map((c) => c.args)).toEqual([{ id: 'c1' }])
    expect(accessRows()).toEqual([['2026年5月5日 09:00', '王某', '李梅（村信访员）', '核对身份后办理转办']])

    click('reveal-person')
    await settle()
    setInput('reveal-reason', ' 核对身份后电话联系 ')
    click('reveal-submit')
    await settle()
    expect(named('person_reveal').map((c) => c.args)).toEqual([{ id: 'p1', case_id: 'c1', reason: '核对身份后电话联系' }])
    expect(text('revealed-id-number')).toBe('522728198001010020')
    expect(text('revealed-phone')).toBe('13812345678')
    expect(text('reveal-recorded')).toContain('已记入查阅记录')
    // The whole numbers are in the dialog only.
    expect(byTestId('case-petitioners')!.closest('.case-page')!.textContent).not.toContain('522728198001010020')

    expect(named('access_list')).toHaveLength(2)
    expect(accessRows()[0]).toEqual(['2026年5月6日 09:05', '王某', '赵主任（领导）', '核对身份后电话联系'])
    expect(accessRows()).toHaveLength(2)

    click('reveal-close')
    await settle()
    expect(document.body.textContent).not.toContain('522728198001010020')
    expect(document.body.textContent).not.toContain('13812345678')
    // Opened again, it asks again from an empty reason.
    click('reveal-person')
    await settle()
    expect(byTestId('revealed-id-number')).toBeNull()
    expect(document.querySelector<HTMLInputElement>('[data-testid="reveal-reason"]')!.value).toBe('')
  })

  it('closes and forgets the numbers when the ledger locks', async () => {
    signedInAs(LEADER)
    await mountCase({ access_list: () => [], person_reveal: () => WHOLE })
    click('reveal-person')
    await settle()
    setInput('reveal-reason', '核对身份后办理转办')
    click('reveal-submit')
    await settle()
    expect(text('revealed-id-number')).toBe('522728198001010020')
    session.value = { ...session.value!, account: null, may: null }
    await settle()
    expect(document.body.textContent).not.toContain('522728198001010020')
  })

  it('names a person the case does not show by their id, and one shown only among its people by name', async () => {
    await mountCase({
      access_list: () => [
        access('x1', { person_id: 'p2', role: null, account_name: '（命令行）' }),
        access('x2', { person_id: 'p9', accessed_at: '2026-05-06T01:00:00Z' }),
      ],
    })
    await openAccessList()
    expect(accessRows()).toEqual([
      ['2026年5月6日 09:00', 'p9', '李梅（村信访员）', '核对身份后办理转办'],
      ['2026年5月5日 09:00', '张某', '（命令行）', '核对身份后办理转办'],
    ])
  })

  it('says why the access list could not be read', async () => {
    await mountCase({ access_list: () => { throw { kind: 'internal', message: '台账读取失败', field: null } } })
    await openAccessList()
    expect(text('access-list-error')).toBe('台账读取失败')
    expect(accessRows()).toHaveLength(0)
  })

  it('is not offered to a viewer', async () => {
    signedInAs({ account_id: 'acc-3', name: '钱某', role: 'viewer' })
    await mountCase()
    expect(byTestId('reveal-person')).toBeNull()
    expect(byTestId('access-list')).not.toBeNull()

    fakeCore()
    const w = mount(PersonReveal, {
      props: { person: { id: 'p1', name: '王某' }, caseId: 'c1' },
      global: { plugins: [ElementPlus] }, attachTo: document.body,
    })
    await flushPromises()
    expect(w.find('[data-testid="reveal-person"]').exists()).toBe(false)
    signedInAs(LEADER)
    await flushPromises()
    expect(w.find('[data-testid="reveal-person"]').exists()).toBe(true)
  })
})
