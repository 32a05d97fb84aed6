// Component tests: the test hooks sit on native elements, errors land beside
// the field the core names, and the ledger shows its rows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { setInvoker } from '../api'
import IntakeView from './IntakeView.vue'
import LedgerView from './LedgerView.vue'
import SetupView from './SetupView.vue'
import CaseView from './CaseView.vue'

function makeRouter() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/ledger', name: 'ledger', component: LedgerView },
      { path: '/intake', name: 'intake', component: IntakeView },
      { path: '/case/:id', name: 'case', component: CaseView, props: true },
    ],
  })
}

async function mountAt(path: string, comp: unknown, props: Record<string, unknown> = {}) {
  const router = makeRouter()
  router.push(path)
  await router.isReady()
  const w = mount(comp as never, { props: props as never, global: { plugins: [ElementPlus, router] }, attachTo: document.body })
  await flushPromises()
  return { w, router }
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  setInvoker(null)
  document.body.innerHTML = ''
})

describe('intake', () => {
  it('puts every test id on the native input, textarea or button', async () => {
    setInvoker(vi.fn().mockResolvedValue({ disputes: ['土地承包'], requests: ['低保'] }))
    const { w } = await mountAt('/intake', IntakeView)
    expect(w.find('input[data-testid="intake-category"]').exists()).toBe(true)
    expect(w.find('textarea[data-testid="intake-request"]').exists()).toBe(true)
    expect(w.find('input[data-testid="intake-received-by"]').exists()).toBe(true)
    for (const f of ['name', 'id-number', 'phone', 'village', 'group'])
      expect(w.find(`input[data-testid="petitioner-${f}-0"]`).exists()).toBe(true)
    expect(w.find('button[data-testid="intake-submit"]').exists()).toBe(true)
    await w.find('button[data-testid="intake-add-petitioner"]').trigger('click')
    expect(w.find('input[data-testid="petitioner-id-number-1"]').exists()).toBe(true)
  })

  it('sends the typed visit, shows the core error beside row 1 ID number, and keeps the input', async () => {
    const calls: { name: string; args: unknown }[] = []
    setInvoker(vi.fn(async (_cmd, { name, args }) => {
      calls.push({ name: name as string, args })
      if (name === 'categories') return { disputes: [], requests: [] }
      throw { kind: 'invalid', message: '第 2 位信访人的身份证号码：校验位不对', field: 'petitioners[1].id_number' }
    }))
    const { w } = await mountAt('/intake', IntakeView)
    await w.find('input[data-testid="intake-category"]').setValue('土地承包')
    await w.find('textarea[data-testid="intake-request"]').setValue('要求处理占地')
    await w.find('input[data-testid="intake-received-by"]').setValue('李某')
    await w.find('input[data-testid="petitioner-name-0"]').setValue('王某')
    await w.find('button[data-testid="intake-add-petitioner"]').trigger('click')
    await w.find('input[data-testid="petitioner-name-1"]').setValue('张某')
    await w.find('input[data-testid="petitioner-id-number-1"]').setValue('522728198001010011')
    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await flushPromises()

    const sent = calls.find((c) => c.name === 'visit_add')!.args as Record<string, unknown>
    expect(sent).toMatchObject({ channel: 'visit', category: '土地承包', request: '要求处理占地', received_by: '李某' })
    expect((sent.petitioners as unknown[])[1]).toMatchObject({ name: '张某', id_number: '522728198001010011' })
    expect(String(sent.received_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)

    // Element Plus shows form-item errors after a short debounce.
    await new Promise((r) => setTimeout(r, 250))
    await flushPromises()
    const errs = w.findAll('[data-testid="field-error"]')
    expect(errs).toHaveLength(1)
    expect(errs[0].text()).toContain('校验位不对')
    // The error sits in the same form item as row 1's ID number input.
    const item = errs[0].element.closest('.el-form-item')!
    expect(item.querySelector('input[data-testid="petitioner-id-number-1"]')).not.toBeNull()
    expect((w.find('input[data-testid="petitioner-name-1"]').element as HTMLInputElement).value).toBe('张某')
    // The draft survives for next time.
    expect(localStorage.getItem('xinfang.intake.draft')).toContain('张某')
  })
})

describe('ledger', () => {
  it('lists a page of cases with the total and searches as you type', async () => {
    const inv = vi.fn(async (_cmd: string, _a: { name: string; args: Record<string, unknown> }) => ({
      total: 41,
      offset: 0,
      items: [{
        id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', channel: 'visit', category: '土地承包',
        request: '反映承包地被占用', urgency: 'normal', received_at: '2026-03-02T01:30:00Z', step: 'registered',
        route: 'five_step', outcome: 'in_progress', petitioners: ['王某', '张某'], visits: 1, voided: false,
      }],
    }))
    setInvoker(inv as never)
    const { w } = await mountAt('/ledger', LedgerView)
    expect(inv).toHaveBeenCalledWith('call', { name: 'case_list', args: { offset: 0, limit: 20 } })
    expect(w.find('[data-testid="ledger-total"]').text()).toContain('41')
    const row = w.find('[data-testid="ledger-row"]')
    expect(row.text()).toContain('石岩哨村信〔2026〕第3号')
    expect(row.text()).toContain('王某、张某')
    expect(row.text()).toContain('反映承包地被占用')
    expect(row.text()).toContain('2026年3月2日 09:30')
    expect(row.text()).toContain('登记备案')

    vi.useFakeTimers()
    const search = w.find('input[data-testid="ledger-search"]')
    await search.setValue('王')
    await search.setValue('王某')
    vi.advanceTimersByTime(300)
    vi.useRealTimers()
    await flushPromises()
    const searches = inv.mock.calls.filter((c) => c[1].args.text)
    expect(searches).toHaveLength(1)
    expect(searches[0][1]).toEqual({ name: 'case_list', args: { text: '王某', offset: 0, limit: 20 } })
  })
})

describe('setup', () => {
  it('has its test ids on native elements', async () => {
    setInvoker(vi.fn())
    const w = mount(SetupView, { global: { plugins: [ElementPlus, makeRouter()] } })
    expect(w.find('input[data-testid="setup-name"]').exists()).toBe(true)
    expect(w.find('button[data-testid="setup-submit"]').exists()).toBe(true)
    expect(w.find('[data-testid="setup-role-village"]').exists()).toBe(true)
    expect(w.find('[data-testid="setup-role-township"]').exists()).toBe(true)
  })
})
