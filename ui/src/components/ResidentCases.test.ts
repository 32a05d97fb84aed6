// 同一信访人的其他事项 on the case page: each other case of the same person
// links to its page with its village, day, request (shortened), outcome and
// why it is listed; the card is not there when there is none; the details the
// villages' records disagree on are listed below, each with who recorded it.
import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView } from '../test/page'
import CaseView from '../views/CaseView.vue'
import ResidentCases from './ResidentCases.vue'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { ResidentCase } from '../bindings/ResidentCase'
import type { ResidentDifference } from '../bindings/ResidentDifference'

const LONG_REQUEST = '反映其承包的中坝村三组土地被邻居杨某占用修建圈舍，多次协商未果，要求村委会出面调解并恢复原状，同时赔偿青苗损失。'

const byId: ResidentCase = {
  case_id: 'c7', case_number: '中坝村信〔2025〕第12号', person_name: '杨某某', village: '中坝村',
  received_at: '2025-11-03T02:15:00Z', request: LONG_REQUEST, outcome: 'resolved', link: 'same_id_number',
}
const byName: ResidentCase = {
  case_id: 'c9', case_number: '石岩哨村信〔2026〕第1号', person_name: '杨某某', village: null,
  received_at: '2026-01-05T17:30:00Z', request: '要求解决饮水问题。', outcome: 'in_progress', link: 'same_name_and_village',
}
const phones: ResidentDifference = {
  person_id: 'p1', person_name: '杨某某', field: '联系电话',
  values: [{ value: '138****5678', recorded_by: '中坝村' }, { value: '139****4321', recorded_by: '红石岩村' }],
}
const addresses: ResidentDifference = {
  person_id: 'p1', person_name: '杨某某', field: '住址',
  values: [{ value: '中坝村三组', recorded_by: '路居镇（本机）' }, { value: '中坝村四组', recorded_by: '中坝村' }],
}

const routes = [
  { path: '/case/:id', component: CaseView, props: true },
  { path: '/case/:id/revisit', component: { template: '<div />' } },
  { path: '/ledger', component: { template: '<div />' } },
]

function mountCard(cases: ResidentCase[], differences: ResidentDifference[]) {
  return mountView(ResidentCases, '/case/c1', routes, { cases, differences })
}

const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="resident-case"]')]
const cell = (row: HTMLElement, id: string) => row.querySelector(`[data-testid="${id}"]`)!.textContent!.trim()

freshPageEachTest()

describe('同一信访人的其他事项', () => {
  it('lists each other case with a link to it, its village, day, request, outcome and why it is listed', async () => {
    const { router } = await mountCard([byId, byName], [])
    const card = document.querySelector('[data-testid="resident-cases"]')!
    expect(card.querySelector('h3')!.textContent).toContain('同一信访人的其他事项')
    const [first, second] = rows()
    expect(rows()).toHaveLength(2)

    const link = first.querySelector<HTMLAnchorElement>('a[data-testid="resident-case-open"]')!
    expect(link.textContent).toBe('中坝村信〔2025〕第12号')
    expect(link.getAttribute('href')).toBe('/case/c7')
    expect(cell(first, 'resident-case-village')).toBe('中坝村')
    expect(cell(first, 'resident-case-date')).toBe('2025年11月3日')
    const req = first.querySelector<HTMLElement>('[data-testid="resident-case-request"]')!
    expect(req.textContent!.endsWith('…')).toBe(true)
    expect(req.textContent!.length).toBeLessThan(LONG_REQUEST.length)
    expect(LONG_REQUEST.startsWith(req.textContent!.slice(0, -1))).toBe(true)
    expect(req.title).toBe(LONG_REQUEST)
    expect(cell(first, 'resident-case-outcome')).toBe('化解')
    expect(cell(first, 'resident-case-link')).toBe('身份证号码相同')

    expect(cell(second, 'resident-case-village')).toBe('—')
    // Past 16:00 UTC is the next day in China.
    expect(cell(second, 'resident-case-date')).toBe('2026年1月6日')
    expect(cell(second, 'resident-case-request')).toBe('要求解决饮水问题。')
    expect(cell(second, 'resident-case-outcome')).toBe('正在化解')
    expect(cell(second, 'resident-case-link')).toBe('同名同村（无身份证号码，可能是同一人，请核实）')
    expect(card.textContent).not.toMatch(/\b(undefined|null|NaN)\b/)
    expect(document.querySelector('[data-testid="resident-differences"]')).toBeNull()

    link.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/case/c7')
  })

  it('lists the details the records disagree on with who recorded each, under the cases', async () => {
    await mountCard([byId], [phones, addresses])
    const alert = document.querySelector('[data-testid="resident-differences"]')!
    expect(alert.querySelector('.el-alert')!.classList).toContain('el-alert--info')
    expect(alert.querySelector('.el-alert__title')!.textContent).toBe('各村记录的信息不一致，请核实')
    expect(alert.querySelector('.el-alert__close-btn')).toBeNull()
    const items = [...alert.querySelectorAll('[data-testid="resident-difference"]')].map((li) => li.textContent)
    expect(items).toEqual([
      '杨某某的联系电话：138****5678（中坝村）；139****4321（红石岩村）',
      '杨某某的住址：中坝村三组（路居镇（本机））；中坝村四组（中坝村）',
    ])
    const card = document.querySelector('[data-testid="resident-cases"]')!
    expect(card.compareDocumentPosition(alert) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('shows nothing when the core found neither', async () => {
    const { w } = await mountCard([], [])
    expect(document.querySelector('[data-testid="resident-cases"]')).toBeNull()
    expect(document.querySelector('[data-testid="resident-differences"]')).toBeNull()
    expect(w.text()).toBe('')
  })

  it('is on the case page as the core answers, and not there when the list is empty', async () => {
    const detail = (cases: ResidentCase[], differences: ResidentDifference[]): CaseDetail => ({
      case: {
        id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: '三组', channel: 'visit', category: '土地承包',
        request: '反映承包地被他人占用。', urgency: 'normal', received_at: '2026-03-02T01:30:00Z', received_by: '李某',
        step: 'registered', route: 'five_step', outcome: 'in_progress', extension_days: null, extension_reason: null,
        accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1',
        created_at: '2026-03-02T01:31:00Z', updated_at: '2026-03-02T01:31:00Z', voided_at: null, void_reason: null,
        assigned_to: null, confidential: false,
      },
      visits: [], events: [], deadlines: [], agreements: [], revisits: [], people: [], attachments: [],
      signed_scan_missing: [], allowed_actions: [], agreement_due: false, steps: [], papers: [], resident_cases: cases, resident_differences: differences,
    })
    let shown = detail([byId, byName], [phones])
    const { calls } = fakeCore({ case_show: () => shown })
    await mountView(CaseView, '/case/c1', routes, { id: 'c1' })
    expect(rows().map((r) => r.querySelector('a')!.textContent)).toEqual(['中坝村信〔2025〕第12号', '石岩哨村信〔2026〕第1号'])
    expect(document.querySelector('[data-testid="resident-differences"]')).not.toBeNull()
    expect(calls.map((c) => c.name)).toEqual(['case_show'])

    document.body.innerHTML = ''
    shown = detail([], [])
    await mountView(CaseView, '/case/c1', routes, { id: 'c1' })
    expect(document.querySelector('[data-testid="case-number"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="resident-cases"]')).toBeNull()
    expect(document.querySelector('[data-testid="resident-differences"]')).toBeNull()
  })
})
