// The ledger's filters: what each sends to the core, paging kept, overdue rows marked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import { setInvoker } from './api'
import { clearFilters, emptyFilters, filtered, ledgerQuery, ledgerState } from './ledgerState'
import LedgerView from './views/LedgerView.vue'
import type { CaseSummary } from './bindings/CaseSummary'

describe('ledger query', () => {
  it('sends only what narrows or reorders the list, and one page', () => {
    const s = emptyFilters()
    expect(ledgerQuery(s)).toEqual({ offset: 0, limit: 20 })
    expect(filtered(s)).toBe(false)
    Object.assign(s, {
      text: ' 王某 ', status: 'open', channel: 'door_to_door', overdue: true, category: '土地承包', village: ' 石岩哨村 ',
      group: '三组', dates: ['2026-03-01', '2026-03-31'], sort: 'received_asc', page: 3,
    })
    expect(filtered(s)).toBe(true)
    expect(ledgerQuery(s)).toEqual({
      text: '王某', status: 'open', channel: 'door_to_door', overdue: true, category: '土地承包', village: '石岩哨村',
      group: '三组', from: '2026-03-01', to: '2026-03-31', sort: 'received_asc', offset: 40, limit: 20,
    })
    clearFilters(s)
    expect(s.sort).toBe('received_asc')
    expect(ledgerQuery(s)).toEqual({ sort: 'received_asc', offset: 0, limit: 20 })
  })
})

const Blank = defineComponent({ template: '<div />' })
const last = <T>(a: T[]): T => a[a.length - 1]

function summary(over: Partial<CaseSummary>): CaseSummary {
  return {
    id: 'c1', number: '石岩哨村信〔2026〕第1号', village: '石岩哨村', group: '三组', channel: 'visit', category: '土地承包',
    request: '反映承包地被占用', urgency: 'normal', received_at: '2026-03-02T01:30:00Z', step: 'registered',
    route: 'five_step', outcome: 'in_progress', petitioners: ['王某某'], visits: 1, voided: false, overdue: false,
    confidential: false, ...over,
  }
}

describe('ledger view', () => {
  beforeEach(() => clearFilters(Object.assign(ledgerState, { sort: 'received_desc' })))
  afterEach(() => {
    setInvoker(null)
    document.body.innerHTML = ''
  })

  it('marks overdue and 检举、揭发 rows and sends each filter to the core', async () => {
    const queries: Record<string, unknown>[] = []
    setInvoker(vi.fn(async (_c: string, { name, args }: { name: string; args: Record<string, unknown> }) => {
      if (name === 'categories') return { disputes: ['土地承包', '邻里纠纷'], requests: ['民政救助'] }
      queries.push(args)
      return {
        total: 45, total_capped: false, offset: args.offset,
        items: [
          summary({ overdue: true }),
          summary({ id: 'c2', number: '石岩哨村信〔2026〕第2号', overdue: false, confidential: true }),
        ],
      }
    }) as never)
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/ledger', component: LedgerView }, { path: '/case/:id', name: 'case', component: Blank }],
    })
    router.push('/ledger')
    await router.isReady()
    const w = mount(LedgerView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
    await flushPromises()
    expect(queries).toEqual([{ offset: 0, limit: 20 }])

    const rows = w.findAll('[data-testid="ledger-row"]')
    expect(rows[0].find('[data-testid="ledger-overdue-tag"]').text()).toBe('逾期')
    expect(rows[0].classes()).toContain('overdue')
    expect(rows[1].find('[data-testid="ledger-overdue-tag"]').exists()).toBe(false)
    // A report against an official (检举、揭发) says so on its row.
    expect(rows[0].find('[data-testid="ledger-confidential-tag"]').exists()).toBe(false)
    expect(rows[1].find('[data-testid="ledger-confidential-tag"]').text()).toBe('检举、揭发')

    // 只看逾期
    await w.find('[data-testid="ledger-filter-overdue"] input').setValue(true)
    await flushPromises()
    expect(last(queries)).toEqual({ overdue: true, offset: 0, limit: 20 })

    // A typed group waits for a pause, then asks once.
    vi.useFakeTimers()
    await w.find('input[data-testid="ledger-filter-group"]').setValue('三')
    await w.find('input[data-testid="ledger-filter-group"]').setValue('三组')
    vi.advanceTimersByTime(300)
    vi.useRealTimers()
    await flushPromises()
    expect(last(queries)).toEqual({ overdue: true, group: '三组', offset: 0, limit: 20 })

    // Status, category, dates and order, as the selects set them.
    ledgerState.status = 'open'
    ledgerState.category = '土地承包'
    ledgerState.dates = ['2026-03-01', '2026-03-31']
    ledgerState.sort = 'updated_desc'
    await flushPromises()
    expect(last(queries)).toEqual({
      status: 'open', overdue: true, category: '土地承包', group: '三组', from: '2026-03-01', to: '2026-03-31',
      sort: 'updated_desc', offset: 0, limit: 20,
    })

    // Paging asks for the next page only.
    await w.find('.el-pagination .btn-next').trigger('click')
    await flushPromises()
    expect(last(queries)).toMatchObject({ offset: 20, limit: 20 })

    // Clearing the filters keeps the order chosen.
    await w.find('button[data-testid="ledger-clear"]').trigger('click')
    await flushPromises()
    expect(last(queries)).toEqual({ sort: 'updated_desc', offset: 0, limit: 20 })
    expect(w.find('[data-testid="ledger-filter-category"]').exists()).toBe(true)
    expect(w.find('[data-testid="ledger-filter-status"]').exists()).toBe(true)
    expect(w.find('[data-testid="ledger-sort"]').exists()).toBe(true)
  })

  it('says a very broad search matches more than it counts', async () => {
    setInvoker(vi.fn(async (_c: string, { name }: { name: string }) => {
      if (name === 'categories') return { disputes: [], requests: [] }
      return { total: 1000, total_capped: true, offset: 0, items: [summary({})] }
    }) as never)
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/ledger', component: LedgerView }] })
    router.push('/ledger')
    await router.isReady()
    const w = mount(LedgerView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
    await flushPromises()
    expect(w.find('[data-testid="ledger-total"]').text()).toBe('超过 1000 件，列出前 1000 件')
  })
})
