// 工作台: counts, items overdue first with their rule, state and basis, one
// click to the case (or to the screening page), and the empty state.
import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView } from '../test/page'
import TodayView from './TodayView.vue'
import type { Agenda } from '../bindings/Agenda'
import type { Deadline } from '../bindings/Deadline'

const Blank = defineComponent({ template: '<div />' })

function deadline(over: Partial<Deadline>): Deadline {
  return {
    rule: 'handle', title: '办结期限', basis: '《信访工作条例》：受理后60日内办结', from: '2026-03-02', days: 60,
    due_on: '2026-05-01', state: 'overdue', state_label: '已逾期', days_left: -5, paper_due: null, ...over,
  }
}

const agenda: Agenda = {
  today: '2026-05-06',
  total: 4,
  overdue: 2,
  due_soon: 1,
  imported_past: 0,
  items: [
    {
      deadline: deadline({ paper_due: '信访事项处理意见书（书面答复）' }), case_id: 'c1', case_number: '石岩哨村信〔2026〕第1号', petitioners: ['王某某', '张某'],
      summary: '反映承包地被他人占用，要求处理。',
    },
    {
      deadline: deadline({
        rule: 'village_screening', title: '村级矛盾纠纷排查', basis: '本地做法：村级每三天开展一次矛盾纠纷排查',
        due_on: '2026-05-05', days_left: -1,
      }),
      case_id: null, case_number: null, petitioners: [], summary: '上次排查后已满 3 天，请开展排查',
    },
    {
      deadline: deadline({
        rule: 'revisit', title: '回访期限', basis: '本地做法：办结后按期回访巩固', due_on: '2026-05-06', state: 'due_soon',
        state_label: '即将到期', days_left: 0,
      }),
      case_id: 'c2', case_number: '石岩哨村信〔2026〕第2号', petitioners: ['赵某'], summary: '邻居排水冲坏院坝',
    },
    {
      deadline: deadline({
        rule: 'accept', title: '受理告知期限', due_on: '2026-05-08', state: 'due_soon', state_label: '即将到期', days_left: 2,
      }),
      case_id: 'c3', case_number: '石岩哨村信〔2026〕第3号', petitioners: ['钱某'], summary: '要求解决饮水',
    },
  ],
}

async function mountToday(result: Agenda | (() => never)) {
  const { inv } = fakeCore({ today: () => (typeof result === 'function' ? result() : result) })
  const { w, router } = await mountView(TodayView, '/today', [
    { path: '/today', name: 'today', component: TodayView },
    { path: '/case/:id', name: 'case', component: Blank },
    { path: '/screening', name: 'screening', component: Blank },
    { path: '/ledger', name: 'ledger', component: Blank },
  ])
  return { w, router, inv }
}

freshPageEachTest()

describe('today', () => {
  it('shows the counts and every item with its rule, state, due date, case, people and basis', async () => {
    const { w, inv } = await mountToday(agenda)
    expect(inv).toHaveBeenCalledWith('call', { name: 'today', args: {} })
    expect(w.find('[data-testid="today-overdue-count"]').text()).toBe('已逾期 2 件')
    expect(w.find('[data-testid="today-due-soon-count"]').text()).toBe('即将到期 1 件')
    expect(w.find('[data-testid="today-date"]').text()).toContain('2026年5月6日 星期三')
    const rows = w.findAll('[data-testid="today-item"]')
    expect(rows).toHaveLength(4)
    // In the core's order (overdue first).
    expect(rows[0].text()).toContain('办结期限')
    expect(rows[0].text()).toContain('已逾期 5 天')
    expect(rows[0].text()).toContain('2026年5月1日')
    expect(rows[0].text()).toContain('石岩哨村信〔2026〕第1号')
    expect(rows[0].text()).toContain('王某某、张某')
    expect(rows[0].text()).toContain('反映承包地被他人占用')
    expect(rows[0].find('[data-testid="today-item-basis"]').text()).toContain('《信访工作条例》：受理后60日内办结')
    // The paper that meets it, as the core names it (issue 24); none for a screening.
    expect(rows[0].find('[data-testid="today-item-paper"]').text()).toBe('应交：信访事项处理意见书（书面答复）')
    expect(rows[1].find('[data-testid="today-item-paper"]').exists()).toBe(false)
    expect(rows[1].text()).toContain('村级矛盾纠纷排查')
    expect(rows[1].text()).toContain('去排查')
    expect(rows[2].find('[data-testid="today-item-state"]').text()).toBe('今天到期')
    expect(rows[3].find('[data-testid="today-item-state"]').text()).toBe('还剩 2 天')
    expect(rows[0].classes()).toContain('overdue')
    expect(w.find('[data-testid="today-empty"]').exists()).toBe(false)
    expect(w.text()).not.toMatch(/[A-Za-z]{3,}/)
  })

  it('opens the case in one click (or with Enter), and a screening item opens the screening page', async () => {
    const { w, router } = await mountToday(agenda)
    await w.findAll('[data-testid="today-item"]')[0].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/case/c1')

    const again = await mountToday(agenda)
    await again.w.findAll('[data-testid="today-item"]')[1].trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(again.router.currentRoute.value.fullPath).toBe('/screening')
  })

  it('says how many more are due than listed, and where to see them all', async () => {
    const { w } = await mountToday({ ...agenda, total: 1204, overdue: 1200 })
    expect(w.findAll('[data-testid="today-item"]')).toHaveLength(agenda.items.length)
    expect(w.find('[data-testid="today-overdue-count"]').text()).toBe('已逾期 1200 件')
    expect(w.find('[data-testid="today-more"]').text()).toContain('另有 1200 项未列出')
    const plain = await mountToday(agenda)
    expect(plain.w.find('[data-testid="today-more"]').exists()).toBe(false)
  })

  it('says so when nothing is due', async () => {
    const { w } = await mountToday({ today: '2026-05-06', total: 0, overdue: 0, due_soon: 0, imported_past: 9, items: [] })
    expect(w.find('[data-testid="today-empty"]').text()).toContain('今天没有到期事项')
    expect(w.find('[data-testid="today-imported-past"]').text()).toContain('另有 9 项期限在从原 Excel 台账导入之前就已过去')
    expect(w.find('[data-testid="today-overdue-count"]').text()).toBe('已逾期 0 件')
    expect(w.findAll('[data-testid="today-item"]')).toHaveLength(0)
  })

  it('shows a core error in Chinese', async () => {
    const { w } = await mountToday(() => {
      throw { kind: 'internal', message: '无法读取台账', field: null }
    })
    expect(w.text()).toContain('无法读取台账')
    expect(w.find('[data-testid="today-empty"]').exists()).toBe(false)
  })
})
