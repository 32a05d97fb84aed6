// 排查: the next round, the rounds recorded, recording a round (zero report or
// disputes, errors beside the field the core names, a draft), and a dispute
// resolved or taken up as a case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { device } from '../device'
import { fakeCore, type Handler } from '../test/invoker'
import { freshPageEachTest, mountView, settle } from '../test/page'
import ScreeningView from './ScreeningView.vue'
import type { FindingRow } from '../bindings/FindingRow'
import type { RoundView } from '../bindings/RoundView'
import type { ScreeningPage } from '../bindings/ScreeningPage'

const Blank = defineComponent({ template: '<div />' })

const finding: FindingRow = {
  id: 'f1', round_id: 'r2', category: '邻里纠纷', summary: '两户因排水沟堵塞发生争吵', parties: '张某与李某',
  urgency: 'pressing', status: 'in_progress', case_id: null, resolved_on: null, created_at: '', updated_at: '',
}

function rounds(f: FindingRow = finding): RoundView[] {
  return [
    {
      round: {
        id: 'r2', held_on: '2026-05-04', scope: 'group', scope_name: '大营头组', screened_by: '王某', nothing_found: false,
        note: null, created_at: '',
      },
      findings: [f],
    },
    {
      round: {
        id: 'r1', held_on: '2026-05-01', scope: 'village', scope_name: '石岩哨村', screened_by: '李某', nothing_found: true,
        note: null, created_at: '',
      },
      findings: [],
    },
  ]
}

function listPage(rs: RoundView[] = rounds()): ScreeningPage {
  return {
    rounds: rs,
    next_due: {
      rule: 'village_screening', title: '村级矛盾纠纷排查', basis: '本地做法：村级每三天开展一次矛盾纠纷排查，无情况也要零报告',
      from: '2026-05-04', days: 3, due_on: '2026-05-07', state: 'due_soon', state_label: '即将到期', days_left: 1, paper_due: null,
    },
    today: '2026-05-06',
  }
}

let core: ReturnType<typeof fakeCore>

async function mountScreening(handlers: Record<string, Handler> = {}) {
  core = fakeCore({
    screening_list: () => listPage(),
    categories: () => ({ disputes: ['邻里纠纷', '土地承包'], requests: ['民政救助'] }),
    ...handlers,
  })
  return mountView(ScreeningView, '/screening', [
    { path: '/screening', name: 'screening', component: ScreeningView },
    { path: '/case/:id', name: 'case', component: Blank },
  ])
}

function named(name: string) {
  return core.named(name)
}

freshPageEachTest()
beforeEach(() => {
  device.value = { device_id: 'd1', role: 'village', name: '石岩哨村', created_at: '2026-03-01T08:00:00+08:00' }
})
afterEach(() => {
  device.value = null
})

describe('screening', () => {
  it('shows the next round and the rounds recorded, with each finding and its actions', async () => {
    const { w } = await mountScreening()
    const next = w.find('[data-testid="screening-next-due"]').text()
    expect(next).toContain('2026年5月7日')
    expect(next).toContain('还剩 1 天')
    expect(next).toContain('村级每三天')
    const rs = w.findAll('[data-testid="screening-round"]')
    expect(rs).toHaveLength(2)
    expect(rs[0].text()).toContain('2026年5月4日')
    expect(rs[0].text()).toContain('村民小组：大营头组')
    expect(rs[0].text()).toContain('排查人：王某')
    expect(rs[0].text()).toContain('两户因排水沟堵塞发生争吵')
    expect(rs[0].text()).toContain('当事人：张某与李某')
    expect(rs[0].find('[data-testid="finding-status"]').text()).toBe('正在化解')
    expect(rs[0].find('button[data-testid="finding-resolve"]').exists()).toBe(true)
    expect(rs[0].find('button[data-testid="finding-to-case"]').exists()).toBe(true)
    expect(rs[1].text()).toContain('零报告')
    expect(rs[1].find('[data-testid="screening-finding"]').exists()).toBe(false)
    // The form starts on the ledger's today, as the core gives it with the page, and this village.
    expect(w.find('[data-testid="screening-held-on"] input').element).toHaveProperty('value', '2026年5月6日')
    expect(w.find('input[data-testid="screening-scope-name"]').element).toHaveProperty('value', '石岩哨村')
    expect(w.text()).not.toMatch(/[A-Za-z]{3,}/)
  })

  it("starts a new round on the core's today, not on a day worked out from the next round", async () => {
    // The due date less the days left would say 5月6日; the core says the 5th.
    const { w } = await mountScreening({
      screening_list: () => ({
        ...listPage(),
        next_due: { ...listPage().next_due, due_on: '2026-04-30', state: 'overdue', state_label: '已逾期', days_left: -6 },
        today: '2026-05-05',
      }),
    })
    expect(w.find('[data-testid="screening-held-on"] input').element).toHaveProperty('value', '2026年5月5日')
  })

  it('records a zero report, clears the draft and lists it', async () => {
    let listed = listPage()
    const { w } = await mountScreening({
      screening_list: () => listed,
      screening_add: (a) => {
        const r: RoundView = {
          round: { id: 'r3', held_on: '2026-05-06', scope: 'village', scope_name: '石岩哨村', screened_by: '李某',
            nothing_found: true, note: null, created_at: '' },
          findings: [],
        }
        listed = { ...listPage([r, ...rounds()]), next_due: { ...listPage().next_due, due_on: '2026-05-09', days_left: 3 } }
        return { ...r, args: a }
      },
    })
    await w.find('input[data-testid="screening-by"]').setValue('李某')
    await w.find('[data-testid="screening-nothing-found"] input').setValue(true)
    expect(w.find('[data-testid="screening-add-finding"]').exists()).toBe(false)
    await w.find('button[data-testid="screening-submit"]').trigger('click')
    await flushPromises()
    expect(named('screening_add')[0].args).toEqual({
      held_on: '2026-05-06', scope: 'village', scope_name: '石岩哨村', screened_by: '李某', nothing_found: true, findings: [],
    })
    expect(named('draft_clear')).toHaveLength(1)
    expect(named('draft_clear')[0].args).toEqual({ key: 'screening' })
    expect(w.findAll('[data-testid="screening-round"]')).toHaveLength(3)
    expect(w.find('[data-testid="screening-next-due"]').text()).toContain('2026年5月9日')
    // The form is fresh again, and remembers who screened.
    expect((w.find('[data-testid="screening-nothing-found"] input').element as HTMLInputElement).checked).toBe(false)
    expect(w.find('input[data-testid="screening-by"]').element).toHaveProperty('value', '李某')
  })

  it('sends the disputes found and shows the core error beside the field it names', async () => {
    const { w } = await mountScreening({
      screening_add: () => {
        throw { kind: 'invalid', message: '第 1 件纠纷的纠纷情况：不能为空', field: 'findings[0].summary' }
      },
    })
    await w.find('button[data-testid="screening-add-finding"]').trigger('click')
    await w.find('input[data-testid="finding-category-0"]').setValue('邻里纠纷')
    await w.find('input[data-testid="finding-parties-0"]').setValue('张某与李某')
    await w.find('input[data-testid="screening-by"]').setValue('李某')
    await w.find('input[data-testid="screening-scope-name"]').setValue('大营头组')
    await w.find('[data-testid="screening-scope-group"] input').setValue(true)
    await w.find('button[data-testid="screening-submit"]').trigger('click')
    await flushPromises()
    expect(named('screening_add')[0].args).toEqual({
      held_on: '2026-05-06', scope: 'group', scope_name: '大营头组', screened_by: '李某', nothing_found: false,
      findings: [{ category: '邻里纠纷', summary: '', parties: '张某与李某' }],
    })
    await settle()
    const errs = w.findAll('[data-testid="field-error"]')
    expect(errs).toHaveLength(1)
    expect(errs[0].text()).toContain('不能为空')
    expect(errs[0].element.closest('.el-form-item')!.querySelector('textarea[data-testid="finding-summary-0"]')).not.toBeNull()
    expect(named('draft_clear')).toHaveLength(0)
  })

  it('shows “neither zero report nor disputes” beside the results', async () => {
    const { w } = await mountScreening({
      screening_add: () => {
        throw { kind: 'invalid', message: '排查结果：请登记排查出的纠纷，或选择“无矛盾纠纷（零报告）”', field: 'findings' }
      },
    })
    await w.find('button[data-testid="screening-submit"]').trigger('click')
    await flushPromises()
    const err = w.find('.results [data-testid="field-error"]')
    expect(err.text()).toContain('零报告')
  })

  it('restores the draft and saves what is typed', async () => {
    const { w } = await mountScreening({
      draft_load: () => ({
        value: { held_on: '2026-05-05', scope: 'village', scope_name: '石岩哨村', screened_by: '王某', nothing_found: false,
          note: '', findings: [{ category: '土地承包', summary: '地界不清', parties: '', urgency: 'normal' }] },
        saved_at: '2026-05-05T10:00:00+08:00',
      }),
    })
    expect(w.find('[data-testid="screening-draft-restored"]').text()).toContain('2026年5月5日 10:00')
    expect(w.find('input[data-testid="screening-by"]').element).toHaveProperty('value', '王某')
    expect(w.find('textarea[data-testid="finding-summary-0"]').element).toHaveProperty('value', '地界不清')
    await w.find('textarea[data-testid="finding-summary-0"]').setValue('地界不清，双方争执')
    await new Promise((r) => setTimeout(r, 500))
    await flushPromises()
    const saved = named('draft_save')
    expect(saved.length).toBeGreaterThan(0)
    expect(saved[saved.length - 1].args).toMatchObject({
      key: 'screening', value: { screened_by: '王某', findings: [{ summary: '地界不清，双方争执' }] },
    })
  })

  it('takes a finding up as a door-to-door case and opens it', async () => {
    const { w, router } = await mountScreening({
      finding_to_case: (a) => {
        const v = (a as { visit: { petitioners: { name: string }[] } }).visit
        if (!v.petitioners[0].name) throw { kind: 'invalid', message: '第 1 位信访人的姓名：不能为空', field: 'petitioners[0].name' }
        return { case_id: 'c9', case_number: '石岩哨村信〔2026〕第9号', visit_id: 'v9', repeat: false }
      },
    })
    await w.find('button[data-testid="finding-to-case"]').trigger('click')
    await flushPromises()
    const q = (t: string) => document.querySelector<HTMLInputElement>(`[data-testid="${t}"]`)!
    expect(q('to-case-request').value).toBe('两户因排水沟堵塞发生争吵')
    expect(q('to-case-received-by').value).toBe('王某')
    expect(q('to-case-group').value).toBe('大营头组')
    q('to-case-submit').click()
    await flushPromises()
    await settle()
    const err = document.querySelector('.el-dialog [data-testid="field-error"]')!
    expect(err.textContent).toContain('姓名：不能为空')
    expect(err.closest('.el-form-item')!.querySelector('[data-testid="to-case-name"]')).not.toBeNull()

    q('to-case-name').value = '张某'
    q('to-case-name').dispatchEvent(new Event('input'))
    q('to-case-submit').click()
    await flushPromises()
    const sent = named('finding_to_case')[1].args as { id: string; visit: Record<string, unknown> }
    expect(sent.id).toBe('f1')
    expect(sent.visit).toMatchObject({
      channel: 'door_to_door', category: '邻里纠纷', request: '两户因排水沟堵塞发生争吵', received_by: '王某',
      urgency: 'pressing', petitioners: [{ name: '张某', village: '石岩哨村', group: '大营头组' }],
    })
    expect(String(sent.visit.received_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/case/c9')
  })

  it('marks a finding resolved after asking, and shows the cases findings became', async () => {
    const { w } = await mountScreening({
      finding_resolve: (a) => {
        const r = rounds({ ...finding, status: 'resolved', resolved_on: '2026-05-06' })[0]
        return { ...r, asked: a }
      },
    })
    await w.find('button[data-testid="finding-resolve"]').trigger('click')
    await flushPromises()
    const confirm = Array.from(document.querySelectorAll<HTMLButtonElement>('.el-message-box button'))
      .find((b) => b.textContent?.includes('确认已化解'))!
    confirm.click()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    await flushPromises()
    expect(named('finding_resolve')[0].args).toEqual({ id: 'f1' })
    const status = w.find('[data-testid="finding-status"]')
    expect(status.text()).toBe('已化解')
    expect(w.find('button[data-testid="finding-resolve"]').exists()).toBe(false)

    const became = await mountScreening({
      screening_list: () => listPage(rounds({ ...finding, status: 'became_case', case_id: 'c5' })),
    })
    expect(became.w.find('[data-testid="finding-status"]').text()).toBe('已转为信访事项')
    expect(became.w.find('[data-testid="finding-case-link"]').attributes('href')).toContain('/case/c5')
    expect(became.w.find('button[data-testid="finding-to-case"]').exists()).toBe(false)
  })
})
