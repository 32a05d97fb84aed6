import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { setInvoker } from '../api'
import CaseView from './CaseView.vue'
import type { CaseDetail } from '../bindings/CaseDetail'

const detail: CaseDetail = {
  case: {
    id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: '三组', channel: 'visit', category: '土地承包',
    request: '反映承包地被他人占用葬坟，要求处理。', urgency: 'normal', received_at: '2026-03-02T01:30:00Z',
    received_by: '李某', step: 'registered', route: 'five_step', outcome: 'in_progress', extension_days: null,
    extension_reason: null, accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1', created_at: '2026-03-02T01:31:00Z',
    updated_at: '2026-03-02T01:31:00Z', voided_at: null, void_reason: null,
  },
  visits: [{
    id: 'v1', channel: 'visit', received_at: '2026-03-02T01:30:00Z', headcount: 1, request: '反映承包地被他人占用葬坟，要求处理。',
    received_by: '李某', facts: null, measures: null, is_repeat: false,
    petitioners: [{
      representative: false, id: 'p1', name: '王某', gender: 'female', birth_date: '1980-01-01',
      id_number_masked: '522728********0020', phone_masked: '138****5678', village: '石岩哨村', group: '三组', address: null,
    }],
  }],
  events: [{ id: 'e1', case_id: 'c1', action: 'register', happened_on: '2026-03-02', actor: '李某', note: null, created_at: '' }],
  deadlines: [{
    rule: 'accept', title: '受理告知', basis: '信访工作条例：15 日内告知是否受理', from: '2026-03-02', days: 15,
    due_on: '2026-03-17', state: 'overdue', state_label: '已逾期', days_left: -3,
  }],
  agreements: [],
  revisits: [],
  people: [],
}

afterEach(() => {
  setInvoker(null)
  document.body.innerHTML = ''
})

describe('case page', () => {
  it('shows the case in Chinese and the core refusal of a step', async () => {
    const inv = vi.fn(async (_c: string, a: { name: string; args: Record<string, unknown> }) => {
      if (a.name === 'case_show') return detail
      throw { kind: 'refused', message: '尚未办结，不能回访', field: null }
    })
    setInvoker(inv as never)
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/case/:id', component: CaseView, props: true }] })
    router.push('/case/c1')
    await router.isReady()
    const w = mount(CaseView, { props: { id: 'c1' }, global: { plugins: [ElementPlus, router] }, attachTo: document.body })
    await flushPromises()
    expect(w.find('[data-testid="case-number"]').text()).toBe('石岩哨村信〔2026〕第3号')
    expect(w.find('[data-testid="case-request"]').text()).toContain('葬坟')
    expect(w.find('[data-testid="case-petitioners"]').text()).toBe('王某')
    const text = document.body.textContent ?? ''
    for (const s of ['2026年3月2日 09:30', '登记备案', '五步法代办', '正在化解', '522728********0020', '女', '已逾期', '逾期 3 天', '信访工作条例'])
      expect(text).toContain(s)

    await w.find('button[data-testid="case-action-revisit"]').trigger('click')
    await flushPromises()
    const actor = document.querySelector<HTMLInputElement>('input[data-testid="transition-actor"]')!
    actor.value = '李某'
    actor.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('button[data-testid="transition-submit"]')!.click()
    await flushPromises()
    expect(inv).toHaveBeenCalledWith('call', {
      name: 'case_transition',
      args: expect.objectContaining({ id: 'c1', transition: { action: 'revisit' }, actor: '李某' }),
    })
    expect(document.querySelector('.el-dialog')?.textContent).toContain('尚未办结，不能回访')
  })
})
