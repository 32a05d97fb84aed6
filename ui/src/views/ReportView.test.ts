// 统计报表: the period asked for, the figures shown as the core computed them,
// an undefined rate as "—", each village's last bundle, the monthly trend,
// and every number opening exactly what report_cases lists for it.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { reportState } from '../reportPeriod'
import ReportView from './ReportView.vue'
import TrendChart from '../components/TrendChart.vue'
import type { FigureKey } from '../bindings/FigureKey'
import type { RateKey } from '../bindings/RateKey'
import type { Report } from '../bindings/Report'
import type { Tally } from '../bindings/Tally'
import type { VillageActivity } from '../bindings/VillageActivity'

const Blank = defineComponent({ template: '<div />' })

const LABEL: Partial<Record<FigureKey, string>> = {
  received: '受理', received_letter: '来信', received_visit: '来访', handled: '办结', overdue: '逾期未办结',
  disputes_screened: '排查矛盾纠纷', disputes_resolved: '化解',
}
const FIGURES: FigureKey[] = ['received', 'received_visit', 'received_letter', 'received_phone', 'received_online',
  'received_door_to_door', 'received_appointment', 'handed_down', 'handled', 'handled_in_time', 'overdue',
  'handed_down_replied', 'revisited', 'satisfied', 'repeat_visits', 'disputes_screened', 'disputes_resolved',
  'disputes_in_progress']
const RATES: [RateKey, FigureKey, FigureKey][] = [
  ['handled_rate', 'handled', 'received'], ['in_time_rate', 'handled_in_time', 'handled'],
  ['reply_rate', 'handed_down_replied', 'handed_down'], ['resolution_rate', 'disputes_resolved', 'disputes_screened'],
  ['revisit_rate', 'revisited', 'handled'], ['satisfaction_rate', 'satisfied', 'revisited'],
]

function tally(n: Partial<Record<FigureKey, number>>): Tally {
  const of = (f: FigureKey) => n[f] ?? 0
  return {
    counts: FIGURES.map((f) => ({ figure: f, label: LABEL[f] ?? f, unit: f.startsWith('disputes') ? 'finding' : 'case', count: of(f) })),
    rates: RATES.map(([rate, num, den]) => ({
      rate, label: rate, numerator: of(num), denominator: of(den), numerator_figure: num, denominator_figure: den,
      percent: of(den) ? Math.round((of(num) * 1000) / of(den)) / 10 : null,
      display: of(den) ? `${Math.round((of(num) * 1000) / of(den)) / 10}%` : '—',
    })),
  }
}

function report(from: string, to: string): Report {
  return {
    ledger_name: '路居镇', from, to, villages: [], scope_label: '全部', as_of: '2026-05-06',
    total: tally({ received: 11, received_letter: 5, received_visit: 6, handled: 11, overdue: 1 }),
    by_category: [{ key: '土地承包', tally: tally({ received: 11 }) }],
    by_village: [
      { key: '上坝村', tally: tally({ received: 4, overdue: 1 }) },
      { key: '兰田村', tally: tally({ received: 7 }) },
      { key: '石岩哨村', tally: tally({}) },
    ],
    by_month: [
      { key: '2026-01', tally: tally({ received: 3, handled: 2 }) },
      { key: '2026-02', tally: tally({ received: 8, handled: 9, disputes_screened: 4 }) },
    ],
    notes: ['越级访：台账不记录……'],
  }
}

const ACTIVITY: VillageActivity[] = [
  { village: '上坝村', devices: 2, last_bundle_at: '2026-05-03T10:00:00+08:00', days_since_bundle: 3 },
  { village: '兰田村', devices: 1, last_bundle_at: null, days_since_bundle: null },
  { village: '石岩哨村', devices: 0, last_bundle_at: null, days_since_bundle: null },
]

const CASE = {
  id: 'c1', number: '上坝村信〔2026〕第1号', village: '上坝村', group: null, channel: 'letter', category: '土地承包',
  request: '承包地边界不清', urgency: 'normal', received_at: '2026-01-05T09:00:00+08:00', received_by: '刘专干',
  step: 'feedback', route: 'five_step', outcome: 'in_progress', extension_days: null, extension_reason: null,
  accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd', created_at: '',
  updated_at: '', voided_at: null, void_reason: null, assigned_to: null, confidential: false,
}

async function mountReport(notListed = 0) {
  const core = fakeCore({
    print_preview: () => ({ title: '统计表', pages: [], fingerprint: null }),
    print_targets: () => ({ printers: [], problem: null, folder: '/media/u盘' }),
    report_xlsx: (a) => {
      if (a.folder === '/nowhere') throw { kind: 'output', message: '文件夹 /nowhere 不存在', field: 'folder' }
      return { path: `${a.folder}/路居镇信访工作统计表.xlsx` }
    },
    report_show: (a) => report(String(a.from), String(a.to)),
    report_villages: () => ACTIVITY,
    report_cases: (a) => ({
      figure: a.figure, label: '受理', unit: 'case', ids: ['c1'], cases: [CASE], findings: [], not_listed: notListed,
    }),
  })
  const { w, router } = await mountView(ReportView, '/report', [
    { path: '/report', name: 'report', component: ReportView },
    { path: '/case/:id', name: 'case', component: Blank },
  ])
  return { ...core, w, router }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

describe('ReportView', () => {
  freshPageEachTest()
  beforeEach(() => {
    Object.assign(reportState, { from: '', to: '', villages: [], breakdown: 'village' })
    // jsdom draws nothing: the chart is checked through what it is given.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
  })

  it("opens on this year's report and shows the core's figures, an undefined rate as —", async () => {
    const { named } = await mountReport()
    expect(named('report_show')[0].args).toEqual({ from: '2026-01-01', to: '2026-12-31', villages: [] })
    expect(byTestId('figure-received')!.textContent).toContain('11')
    expect(byTestId('figure-received_letter')!.textContent).toContain('5')
    expect(byTestId('rate-handled_rate')!.textContent).toContain('100%')
    expect(byTestId('rate-reply_rate')!.textContent).toContain('—')
    expect(byTestId('report-scope')!.textContent).toContain('路居镇')
  })

  it('asks for the chosen preset period', async () => {
    const { named } = await mountReport()
    byTestId('preset-last_month')!.querySelector('input')!.click()
    await flushPromises()
    const asked = named('report_show')
    expect(asked[asked.length - 1].args).toMatchObject({ from: '2026-04-01', to: '2026-04-30' })
  })

  it('draws the monthly trend from the by-month breakdown', async () => {
    const { w } = await mountReport()
    const charts = w.findAllComponents(TrendChart)
    expect(charts[0].props('labels')).toEqual(['1月', '2月'])
    expect(charts[0].props('series').map((s: { values: number[] }) => s.values)).toEqual([[3, 8], [2, 9], [0, 0]])
    expect(charts[1].props('series')[0].values).toEqual([0, 4])
  })

  it("shows each village's last bundle: days ago, never, or no device enrolled", async () => {
    await mountReport()
    const bundle = (v: string) => byTestId(`group-${v}`)!.querySelector('[data-testid="cell-bundle"]')!.textContent!.trim()
    expect([bundle('上坝村'), bundle('兰田村'), bundle('石岩哨村')]).toEqual(['3 天前', '从未收到', '未登记设备'])
  })

  it('opens the cases behind a total and opens a case from the list', async () => {
    const { named, router } = await mountReport()
    byTestId('figure-received')!.click()
    await flushPromises()
    expect(named('report_cases')[0].args).toEqual({
      query: { from: '2026-01-01', to: '2026-12-31', villages: [] }, figure: 'received',
    })
    expect(byTestId('drill-count')!.textContent).toContain('共 1 件')
    expect(byTestId('drill-case-number')!.textContent).toBe('上坝村信〔2026〕第1号')
    expect(byTestId('drill-not-listed')).toBeNull()
    byTestId('drill-case')!.click()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/case/c1')
  })

  it('says how many reports against officials the number counts but does not list', async () => {
    await mountReport(2)
    byTestId('figure-received')!.click()
    await flushPromises()
    expect(byTestId('drill-count')!.textContent).toContain('共 1 件')
    expect(byTestId('drill-not-listed')!.textContent!.trim())
      .toBe('另有 2 件检举、揭发事项计入此数，只有经办人员可以查看，未在此列出。')
  })

  it("opens one village's overdue cases and a rate's denominator", async () => {
    const { named } = await mountReport()
    byTestId('group-上坝村')!.querySelector<HTMLElement>('[data-testid="cell-overdue"]')!.click()
    await flushPromises()
    expect(named('report_cases')[0].args).toMatchObject({
      figure: 'overdue', group: { breakdown: 'village', key: '上坝村' },
    })
    byTestId('rate-handled_rate-denominator')!.click()
    await flushPromises()
    expect(named('report_cases')[1].args).toMatchObject({ figure: 'received' })
    expect(named('report_cases')[1].args.group).toBeUndefined()
  })

  it('prints the statistics table for the same period and villages', async () => {
    const { named } = await mountReport()
    reportState.villages = ['上坝村']
    byTestId('report-print')!.click()
    await flushPromises()
    expect(named('print_preview')[0].args).toEqual({
      request: { document: 'report', from: '2026-01-01', to: '2026-12-31', villages: ['上坝村'] },
    })
    expect(byTestId('print-dialog')).not.toBeNull()
  })

  it('saves the same report as Excel into the folder typed, or says why not', async () => {
    const { named } = await mountReport()
    byTestId('report-xlsx')!.click()
    await flushPromises()
    const folder = byTestId('xlsx-folder') as HTMLInputElement
    expect(folder.value).toBe('/media/u盘')
    byTestId('xlsx-save')!.click()
    await flushPromises()
    expect(named('report_xlsx')[0].args).toEqual({
      query: { from: '2026-01-01', to: '2026-12-31', villages: [] }, folder: '/media/u盘',
    })
    expect(byTestId('xlsx-saved')!.textContent).toContain('/media/u盘/路居镇信访工作统计表.xlsx')
    setInput('xlsx-folder', '/nowhere')
    byTestId('xlsx-save')!.click()
    await settle()
    expect(byTestId('field-error')!.textContent).toContain('不存在')
    expect(byTestId('xlsx-saved')).toBeNull()
  })

  it('shows a refusal in Chinese and keeps the page', async () => {
    fakeCore({
      report_show: () => { throw { kind: 'invalid', message: '结束日期 2026-01-01 早于开始日期 2026-12-31', field: 'to' } },
      report_villages: () => ACTIVITY,
    })
    await mountView(ReportView, '/report', [{ path: '/report', name: 'report', component: ReportView }])
    expect(document.body.textContent).toContain('早于开始日期')
    expect(byTestId('figure-received')).toBeNull()
  })
})
