// Component tests: the test hooks sit on native elements, errors land beside
// the field the core names, and the ledger shows its rows.
import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Component } from 'vue'
import { setInvoker } from '../api'
import { fakeCore as sharedFakeCore, type Handler } from '../test/invoker'
import { freshPageEachTest, mountView } from '../test/page'
import IntakeView from './IntakeView.vue'
import LedgerView from './LedgerView.vue'
import SetupView from './SetupView.vue'
import CaseView from './CaseView.vue'
import { session } from '../session'
import { mayOf } from '../test/session'

const ROUTES = [
  { path: '/ledger', name: 'ledger', component: LedgerView },
  { path: '/intake', name: 'intake', component: IntakeView },
  { path: '/case/:id', name: 'case', component: CaseView, props: true },
]

function mountAt(path: string, comp: Component, props: Record<string, unknown> = {}) {
  return mountView(comp, path, ROUTES, props)
}

freshPageEachTest()

/** The intake page's lookups answer with nothing unless a test says otherwise. */
function fakeCore(handlers: Record<string, Handler> = {}) {
  return sharedFakeCore({
    categories: () => ({ disputes: ['土地承包'], requests: ['低保'] }),
    visit_similar: () => [],
    person_find: () => [],
    ...handlers,
  })
}

function last<T>(xs: T[]): T {
  expect(xs.length).toBeGreaterThan(0)
  return xs[xs.length - 1]
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Element Plus shows form-item errors after a short debounce. */
async function settle(ms = 250) {
  await sleep(ms)
  await flushPromises()
}

const EARLIER = {
  case_id: 'c-1', case_number: '石岩哨村信〔2026〕第1号', request: '反映承包地被他人占用葬坟，要求处理。',
  received_at: '2026-05-01T01:30:00Z', outcome: 'in_progress', closed: false, petitioners: ['张某某'],
  reasons: ['同一信访人（身份证号码相同）', '诉求相似（78%）'],
}

describe('intake', () => {
  it('puts every test id on the native input, textarea or button', async () => {
    fakeCore()
    const { w } = await mountAt('/intake', IntakeView)
    expect(w.find('input[data-testid="intake-category"]').exists()).toBe(true)
    expect(w.find('textarea[data-testid="intake-request"]').exists()).toBe(true)
    expect(w.find('input[data-testid="intake-received-by"]').exists()).toBe(true)
    expect(w.find('input[data-testid="intake-headcount"]').exists()).toBe(true)
    expect(w.find('input[data-testid="petitioner-find-0"]').exists()).toBe(true)
    for (const f of ['name', 'id-number', 'phone', 'village', 'group'])
      expect(w.find(`input[data-testid="petitioner-${f}-0"]`).exists()).toBe(true)
    expect(w.find('button[data-testid="intake-submit"]').exists()).toBe(true)
    for (const [c, label] of [['visit', '来访'], ['letter', '来信'], ['phone', '电话'], ['online', '网上'],
      ['door_to_door', '下访'], ['appointment', '约访'], ['handed_down', '交办']])
      expect(w.find(`[data-testid="intake-channel-${c}"]`).text()).toBe(label)
    expect(w.find('[data-testid="intake-urgency-urgent"]').text()).toBe('紧急')
    await w.find('button[data-testid="intake-add-petitioner"]').trigger('click')
    expect(w.find('input[data-testid="petitioner-id-number-1"]').exists()).toBe(true)
    // No draft: no restored notice; nothing to match: no repeat-visit panel.
    expect(w.find('[data-testid="intake-draft-restored"]').exists()).toBe(false)
    expect(w.find('[data-testid="similar-panel"]').exists()).toBe(false)
  })

  it('sends the typed visit, shows the core error beside row 1 ID number, and keeps the input', async () => {
    const core = fakeCore({
      visit_add: () => {
        throw { kind: 'invalid', message: '第 2 位信访人的身份证号码：校验位不对', field: 'petitioners[1].id_number' }
      },
    })
    const { w } = await mountAt('/intake', IntakeView)
    await w.find('[data-testid="intake-channel-letter"] input').setValue(true)
    await w.find('input[data-testid="intake-category"]').setValue('土地承包')
    await w.find('textarea[data-testid="intake-request"]').setValue('要求处理占地')
    await w.find('input[data-testid="intake-received-by"]').setValue('李某')
    await w.find('input[data-testid="petitioner-name-0"]').setValue('王某')
    await w.find('button[data-testid="intake-add-petitioner"]').trigger('click')
    await w.find('input[data-testid="petitioner-name-1"]').setValue('张某')
    await w.find('input[data-testid="petitioner-id-number-1"]').setValue('522728198001010011')
    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await flushPromises()

    const sent = core.named('visit_add')[0].args
    expect(sent).toMatchObject({ channel: 'letter', category: '土地承包', request: '要求处理占地', received_by: '李某' })
    expect((sent.petitioners as unknown[])[1]).toMatchObject({ name: '张某', id_number: '522728198001010011' })
    expect(String(sent.received_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)

    await settle()
    const errs = w.findAll('[data-testid="field-error"]')
    expect(errs).toHaveLength(1)
    expect(errs[0].text()).toContain('校验位不对')
    // The error sits in the same form item as row 1's ID number input.
    const item = errs[0].element.closest('.el-form-item')!
    expect(item.querySelector('input[data-testid="petitioner-id-number-1"]')).not.toBeNull()
    expect((w.find('input[data-testid="petitioner-name-1"]').element as HTMLInputElement).value).toBe('张某')
    // The draft is saved in the ledger, under the intake key, as it is typed.
    await settle(450)
    const saves = core.named('draft_save')
    expect(saves.length).toBeGreaterThan(0)
    expect(last(saves).args.key).toBe('intake')
    expect(JSON.stringify(last(saves).args.value)).toContain('张某')
    expect(core.named('draft_clear')).toHaveLength(0)
  })

  it('is received by the person signed in, leaves the village to choose, and marks a refusal with one line', async () => {
    session.value = {
      ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
      account: { account_id: 'a1', name: '李梅', role: 'liaison' }, may: mayOf('liaison'), idle_minutes: 15,
    }
    const core = fakeCore({
      report_villages: () => [
        { village: '石岩哨村', devices: 0, last_bundle_at: null, days_since_bundle: null },
        { village: '红石岩村', devices: 0, last_bundle_at: null, days_since_bundle: null },
      ],
      visit_add: () => {
        throw {
          kind: 'invalid', message: '身份证号码有误，请对照身份证重新输入', field: 'petitioners[0].id_number',
          fields: [
            { field: 'petitioners[0].id_number', message: '身份证号码有误，请对照身份证重新输入' },
            { field: 'category', message: '类别：不能为空' },
          ],
        }
      },
    })
    try {
      const { w } = await mountAt('/intake', IntakeView)
      expect((w.find('input[data-testid="intake-received-by"]').element as HTMLInputElement).value).toBe('李梅')
      expect((w.find('input[data-testid="petitioner-village-0"]').element as HTMLInputElement).value).toBe('')
      // 民族 and 职业 are asked, and sent when given.
      await w.find('input[data-testid="petitioner-ethnicity-0"]').setValue('彝族')
      await w.find('input[data-testid="petitioner-occupation-0"]').setValue('农民')
      await w.find('input[data-testid="petitioner-name-0"]').setValue('王玥')
      await w.find('button[data-testid="intake-submit"]').trigger('click')
      await flushPromises()
      expect((core.named('visit_add')[0].args.petitioners as unknown[])[0]).toMatchObject({ ethnicity: '彝族', occupation: '农民' })
      await settle()
      const errs = w.findAll('[data-testid="field-error"]')
      // Every field the core names is marked at once, with one line above the form.
      expect(errs.map((e) => e.text())).toEqual(['身份证号码有误，请对照身份证重新输入', '类别：不能为空'])
      expect(w.find('[data-testid="intake-error"]').text()).toBe('有 2 项需要填写或改正，已在下面标出')
      // No pop-up on top of the marked field.
      expect(document.querySelectorAll('.el-message--error')).toHaveLength(0)
    } finally {
      session.value = null
    }
  })

  it('restores a draft with a notice, clears it after submitting, and opens the case', async () => {
    const draft = {
      channel: 'phone', received_at: '2026-05-06T08:30:00', category: '低保', request: '要求重新评定低保',
      received_by: '李某', urgency: 'pressing', facts: '', measures: '', headcount: null, repeat_of: '', repeat_number: '',
      petitioners: [{ person_id: '', picked: null, name: '王某', id_number: '', phone: '', village: '石岩哨村', group: '',
        address: '', representative: false }],
    }
    const core = fakeCore({
      draft_load: (a) => (a.key === 'intake' ? { value: draft, saved_at: '2026-05-05T10:20:00+08:00' } : { value: null, saved_at: null }),
      visit_add: () => ({ case_id: 'c-9', case_number: '石岩哨村信〔2026〕第9号', visit_id: 'v-1', repeat: false }),
      case_show: () => new Promise(() => {}),
    })
    const { w, router } = await mountAt('/intake', IntakeView)
    expect(w.find('[data-testid="intake-draft-restored"]').text()).toContain('已恢复上次未提交的登记（保存于 2026年5月5日 10:20）')
    expect((w.find('textarea[data-testid="intake-request"]').element as HTMLTextAreaElement).value).toBe('要求重新评定低保')
    expect((w.find('input[data-testid="petitioner-name-0"]').element as HTMLInputElement).value).toBe('王某')
    expect(w.find('[data-testid="intake-channel-phone"]').classes()).toContain('is-active')

    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(core.named('visit_add')[0].args).toMatchObject({ channel: 'phone', urgency: 'pressing', category: '低保' })
    expect(core.named('draft_clear').map((c) => c.args)).toEqual([{ key: 'intake' }])
    expect(router.currentRoute.value.fullPath).toBe('/case/c-9')
  })

  it('sends the 检举、揭发 mark when ticked, and keeps it in the draft', async () => {
    const core = fakeCore({
      visit_add: () => ({ case_id: 'c-9', case_number: '石岩哨村信〔2026〕第9号', visit_id: 'v-1', repeat: false }),
      case_show: () => new Promise(() => {}),
    })
    const { w } = await mountAt('/intake', IntakeView)
    const box = w.find('[data-testid="intake-confidential"]')
    expect(box.text()).toBe('检举、揭发（只有村信访员和乡镇信访办工作人员能看到，每次查看都记录）')
    await w.find('textarea[data-testid="intake-request"]').setValue('检举村干部虚报低保名单')
    await box.find('input').setValue(true)
    await settle(450)
    expect(last(core.named('draft_save')).args.value).toMatchObject({ confidential: true })
    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(core.named('visit_add')[0].args).toMatchObject({ request: '检举村干部虚报低保名单', confidential: true })
  })

  it('discards a restored draft on 清空重填', async () => {
    const core = fakeCore({
      draft_load: () => ({ value: { request: '旧的诉求', petitioners: [{ name: '王某' }] }, saved_at: '2026-05-05T10:20:00+08:00' }),
    })
    const { w } = await mountAt('/intake', IntakeView)
    await w.find('button[data-testid="intake-draft-discard"]').trigger('click')
    await flushPromises()
    expect(core.named('draft_clear').map((c) => c.args)).toEqual([{ key: 'intake' }])
    expect(w.find('[data-testid="intake-draft-restored"]').exists()).toBe(false)
    expect((w.find('textarea[data-testid="intake-request"]').element as HTMLTextAreaElement).value).toBe('')
    expect((w.find('input[data-testid="petitioner-name-0"]').element as HTMLInputElement).value).toBe('')
  })

  it('points out a likely repeat visit as it is typed and links the visit to it', async () => {
    const core = fakeCore({
      visit_similar: (a) => ((a.petitioners as unknown[]).length || a.request ? [EARLIER] : []),
      case_show: () => ({ case: { category: '土地承包' } }),
      visit_add: () => ({ case_id: 'c-1', case_number: EARLIER.case_number, visit_id: 'v-2', repeat: true }),
    })
    const { w, router } = await mountAt('/intake', IntakeView)
    // The page waits for typing to pause (400 ms) before it asks: fake time
    // makes that exact, however slow the machine.
    vi.useFakeTimers()
    try {
      await w.find('input[data-testid="petitioner-name-0"]').setValue('张某某')
      await w.find('input[data-testid="petitioner-id-number-0"]').setValue('11010519491231002X')
      await w.find('textarea[data-testid="intake-request"]').setValue('再次反映承包地被占用葬坟')
      vi.advanceTimersByTime(399)
      expect(core.named('visit_similar')).toHaveLength(0) // debounced
      vi.advanceTimersByTime(1)
    } finally {
      vi.useRealTimers()
    }
    await settle()
    expect(core.named('visit_similar').map((c) => c.args)).toEqual([{
      petitioners: [{ name: '张某某', id_number: '11010519491231002X' }], request: '再次反映承包地被占用葬坟',
    }])
    const panel = w.find('[data-testid="similar-panel"]')
    expect(panel.text()).toContain('可能是重复访')
    const cand = panel.findAll('[data-testid="similar-case"]')
    expect(cand).toHaveLength(1)
    for (const t of ['石岩哨村信〔2026〕第1号', '张某某', '葬坟', '2026年5月1日', '同一信访人（身份证号码相同）', '诉求相似（78%）', '办理中'])
      expect(cand[0].text()).toContain(t)

    await w.find('button[data-testid="similar-link-0"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="intake-repeat-of"]').text()).toBe('将登记为 石岩哨村信〔2026〕第1号 的重复访')
    // The linked case's category is taken when none was typed.
    expect((w.find('input[data-testid="intake-category"]').element as HTMLInputElement).value).toBe('土地承包')
    // Undo, then link again.
    await w.find('button[data-testid="intake-repeat-undo"]').trigger('click')
    expect(w.find('[data-testid="intake-repeat-of"]').exists()).toBe(false)
    await w.find('button[data-testid="similar-link-0"]').trigger('click')
    await w.find('input[data-testid="intake-received-by"]').setValue('李某')
    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect(core.named('visit_add')[0].args).toMatchObject({ repeat_of: 'c-1', category: '土地承包' })
    expect(router.currentRoute.value.fullPath).toBe('/case/c-1')
  })

  it('asks for representatives in a collective visit and shows the refusal beside them', async () => {
    const core = fakeCore({
      visit_add: () => {
        throw { kind: 'invalid', message: '代表：32 人同一诉求为集体访，须推选代表，代表不超过 5 人（现为 6 人）', field: 'petitioners' }
      },
    })
    const { w } = await mountAt('/intake', IntakeView)
    expect(w.find('[data-testid="intake-collective"]').exists()).toBe(false)
    expect(w.find('[data-testid="petitioner-representative-0"]').exists()).toBe(false)
    await w.find('input[data-testid="intake-headcount"]').setValue('32')
    expect(w.find('[data-testid="intake-collective"]').text()).toContain('共 32 人来访，属于集体访')
    await w.find('[data-testid="petitioner-representative-0"] input').setValue(true)
    expect(w.find('[data-testid="intake-collective"]').text()).toContain('已勾选 1 人')
    await w.find('input[data-testid="intake-headcount"]').setValue('3x')
    expect((w.find('input[data-testid="intake-headcount"]').element as HTMLInputElement).value).toBe('3')
    await w.find('input[data-testid="intake-headcount"]').setValue('32')
    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await settle()
    expect(core.named('visit_add')[0].args).toMatchObject({ headcount: 32 })
    expect((core.named('visit_add')[0].args.petitioners as unknown[])[0]).toMatchObject({ representative: true })
    const errs = w.findAll('[data-testid="field-error"]')
    expect(errs).toHaveLength(1)
    expect(errs[0].text()).toContain('代表不超过 5 人（现为 6 人）')
    // Shown right after the collective-visit notice, above the petitioners.
    expect(w.find('[data-testid="intake-collective"]').element.nextElementSibling).toBe(errs[0].element)
  })

  it('finds a resident on file, links the row to them, and can unpick', async () => {
    const core = fakeCore({
      person_find: () => [{
        id: 'p-1', name: '张某某', gender: 'female', birth_date: '1949-12-31', id_number_masked: '110105********002X',
        phone_masked: '138****8000', village: '石岩哨村', group: '大营头组', address: null,
      }],
      visit_add: () => new Promise(() => {}),
    })
    const { w } = await mountAt('/intake', IntakeView)
    const find = w.find('input[data-testid="petitioner-find-0"]')
    await find.trigger('focus')
    await find.setValue('张某')
    await settle(450)
    expect(last(core.named('person_find')).args).toEqual({ text: '张某', limit: 10 })
    const option = document.querySelector<HTMLElement>('[data-testid="person-option"]')!
    expect(option.textContent).toContain('110105********002X')
    option.closest('li')!.click()
    await flushPromises()
    expect(w.find('[data-testid="petitioner-picked-0"]').text()).toContain('张某某 · 石岩哨村大营头组 · 身份证 110105********002X · 电话 138****8000')
    const name = w.find('input[data-testid="petitioner-name-0"]').element as HTMLInputElement
    expect(name.value).toBe('张某某')
    expect(name.readOnly).toBe(true)
    await w.find('button[data-testid="intake-submit"]').trigger('click')
    await flushPromises()
    expect((core.named('visit_add')[0].args.petitioners as unknown[])[0]).toMatchObject({ person_id: 'p-1', name: '张某某', group: '大营头组' })

    await w.find('button[data-testid="petitioner-unpick-0"]').trigger('click')
    expect(w.find('[data-testid="petitioner-picked-0"]').exists()).toBe(false)
    expect((w.find('input[data-testid="petitioner-name-0"]').element as HTMLInputElement).value).toBe('')
    expect(w.find('input[data-testid="petitioner-find-0"]').exists()).toBe(true)
  })

  it('opened from a case (?repeat_of) keeps its own draft and the link', async () => {
    const core = fakeCore({
      draft_load: (a) => (a.key === 'intake'
        ? { value: { request: '另一件事的草稿', petitioners: [{ name: '无关' }] }, saved_at: '2026-05-05T10:20:00+08:00' }
        : { value: null, saved_at: null }),
      case_show: () => ({ case: { category: '土地承包' } }),
    })
    const { w } = await mountAt('/intake?repeat_of=c-1&number=' + encodeURIComponent('石岩哨村信〔2026〕第1号'), IntakeView)
    expect(core.named('draft_load').map((c) => c.args)).toEqual([{ key: 'intake:repeat:c-1' }])
    expect(w.find('[data-testid="intake-draft-restored"]').exists()).toBe(false)
    expect((w.find('textarea[data-testid="intake-request"]').element as HTMLTextAreaElement).value).toBe('')
    expect(w.find('[data-testid="intake-repeat-of"]').text()).toBe('将登记为 石岩哨村信〔2026〕第1号 的重复访')
    expect((w.find('input[data-testid="intake-category"]').element as HTMLInputElement).value).toBe('土地承包')
    await w.find('textarea[data-testid="intake-request"]').setValue('又来反映')
    await settle(450)
    expect(last(core.named('draft_save')).args).toMatchObject({ key: 'intake:repeat:c-1' })
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

describe('ledger printing', () => {
  it('prints the reception register of this month, or of the dates chosen', async () => {
    const core = fakeCore({
      case_list: () => ({ total: 0, offset: 0, items: [] }),
      print_preview: () => ({ title: '登记表', pages: [], fingerprint: null }),
      print_targets: () => ({ printers: [], problem: null, folder: null }),
    })
    const { w } = await mountAt('/ledger', LedgerView)
    await w.get('[data-testid="ledger-print-register"]').trigger('click')
    await flushPromises()
    expect(core.named('print_preview')[0].args).toEqual({ request: { document: 'register', from: '2026-05-01', to: '2026-05-06' } })
    expect(document.querySelector('[data-testid="print-dialog"]')).not.toBeNull()
  })
})

describe('setup', () => {
  it('has its test ids on native elements', async () => {
    setInvoker(vi.fn())
    const w = mount(SetupView, { global: { plugins: [ElementPlus, createRouter({ history: createMemoryHistory(), routes: ROUTES })] } })
    expect(w.find('input[data-testid="setup-name"]').exists()).toBe(true)
    expect(w.find('button[data-testid="setup-submit"]').exists()).toBe(true)
    expect(w.find('[data-testid="setup-role-village"]').exists()).toBe(true)
    expect(w.find('[data-testid="setup-role-township"]').exists()).toBe(true)
  })
})
