import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import AgreementView from './AgreementView.vue'
import type { AgreementView as Agreement } from '../bindings/AgreementView'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { PersonView } from '../bindings/PersonView'

const wang: PersonView = { id: 'p1', name: '王某', gender: 'female', birth_date: null, id_number_masked: '522728********0020', phone_masked: null, village: '石岩哨村', group: '三组', address: null, ethnicity: null, occupation: null }
const zhang: PersonView = { id: 'p2', name: '张某', gender: 'male', birth_date: null, id_number_masked: null, phone_masked: '138****5678', village: '石岩哨村', group: null, address: null, ethnicity: null, occupation: null }
const li: PersonView = { id: 'p3', name: '李某某', gender: null, birth_date: null, id_number_masked: null, phone_masked: null, village: null, group: null, address: '大营头组', ethnicity: null, occupation: null }

const content = {
  party_ids: ['p1', 'p2'], facts: '张某在王某承包地内葬坟。', responsibilities: '张某未经同意占地。',
  terms: ['张某补偿王某2600元。', '王某不再追究。'], performance: '签字当日付清。', copies: 3, mediators: ['赵调解'], recorder: '李某',
}

function agreement(id: string, version: number, status: 'draft' | 'signed' | 'superseded', extra: Partial<Agreement['agreement']> = {}): Agreement {
  const label = { draft: '草稿', signed: '已签订', superseded: '已被更正' }[status]
  return {
    agreement: {
      id, case_id: 'c1', number: status === 'draft' && version === 1 ? null : '（2026）石岩哨村人调字第1号', version, supersedes_id: null,
      form: 'written', status, content: { ...content }, signed_on: status === 'draft' ? null : '2026-05-06', correction_reason: null,
      created_by: '李某', signed_by: null, created_at: '', updated_at: '', ...extra,
    },
    parties: [wang, zhang], case_number: '石岩哨村信〔2026〕第3号', status_label: label, fingerprint: '3F2A-9C1B-77D0-E412', prints: [], party_gaps: [], sign_gaps: [], confirmation: null,
  }
}

function caseDetail(agreements: Agreement[] = []): CaseDetail {
  return {
    case: {
      id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: null, channel: 'visit', category: '土地承包',
      request: '葬坟纠纷', urgency: 'normal', received_at: '2026-05-01T01:30:00Z', received_by: '李某', step: 'registered',
      route: 'settled_on_spot', outcome: 'in_progress', extension_days: null, extension_reason: null, accepted_on: null,
      handled_on: '2026-05-02', revisited_on: null, closed_on: null, created_by: 'd1', created_at: '', updated_at: '', voided_at: null, void_reason: null, assigned_to: null,
      confidential: false,
    },
    visits: [], events: [], deadlines: [], agreements, revisits: [], people: [wang, zhang], attachments: [], signed_scan_missing: [], allowed_actions: [], agreement_due: false, steps: [], papers: [], resident_cases: [], resident_differences: [],
  }
}

function mountAt(path: string, props: Record<string, string>) {
  return mountView(AgreementView, path, [
    { path: '/case/:caseId/agreement/new', component: AgreementView, props: true },
    { path: '/agreement/:id', component: AgreementView, props: true },
    { path: '/case/:id', component: { template: '<div />' } },
  ], props)
}

freshPageEachTest()

describe('agreement editor', () => {
  it('drafts a new agreement from the case people, numbered terms and mediators, then opens it', async () => {
    const { calls } = fakeCore({
      case_show: () => caseDetail(),
      agreement_draft: (a) => agreement('a1', 1, 'draft', { content: a.content as never }),
    })
    const { router } = await mountAt('/case/c1/agreement/new', { caseId: 'c1' })
    expect(document.querySelector('[data-testid="agreement-status"]')!.textContent).toContain('新草稿')
    expect(document.querySelector('[data-testid="agreement-party-0"]')!.textContent).toContain('王某')
    click('agreement-party-1')
    await flushPromises()
    click('agreement-party-0')
    await flushPromises()
    expect(document.querySelector('[data-testid="agreement-parties-chosen"]')!.textContent).toContain('甲方　张某')
    setInput('agreement-facts', '张某在王某承包地内葬坟。')
    setInput('agreement-term-0', '张某补偿王某2600元。')
    click('agreement-add-term')
    await flushPromises()
    setInput('agreement-term-1', '王某不再追究。')
    expect(document.body.textContent).toContain('2.')
    setInput('agreement-mediator-0', '赵调解')
    click('agreement-add-mediator')
    await flushPromises()
    setInput('agreement-mediator-1', '钱调解')
    setInput('agreement-actor', '李某')
    click('agreement-save')
    await flushPromises()
    const draft = calls.find((c) => c.name === 'agreement_draft')!
    expect(draft.args).toMatchObject({
      case_id: 'c1', form: 'written', actor: '李某',
      content: { party_ids: ['p2', 'p1'], facts: '张某在王某承包地内葬坟。', terms: ['张某补偿王某2600元。', '王某不再追究。'], mediators: ['赵调解', '钱调解'], copies: 3 },
    })
    expect(calls.some((c) => c.name === 'draft_clear' && c.args.key === 'agreement:new:c1')).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/agreement/a1')
  })

  it('signs: saves first, then shows the core error beside its field', async () => {
    const { calls } = fakeCore({
      agreement_show: () => agreement('a1', 1, 'draft'),
      case_show: () => caseDetail([agreement('a1', 1, 'draft')]),
      agreement_edit: () => agreement('a1', 1, 'draft'),
      agreement_sign: () => { throw { kind: 'invalid', message: '份数：当事人各持一份、调解委员会留存一份，至少 3 份', field: 'copies' } },
    })
    await mountAt('/agreement/a1', { id: 'a1' })
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-facts"]')!.value).toBe('张某在王某承包地内葬坟。')
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-term-1"]')!.value).toBe('王某不再追究。')
    expect(document.querySelector<HTMLInputElement>('[data-testid="agreement-signed-on"]')!.value).toBe('2026年5月6日')
    expect(document.querySelector<HTMLInputElement>('[data-testid="agreement-copies"]')!.value).toBe('3')
    click('agreement-sign')
    await settle()
    const names = calls.map((c) => c.name)
    expect(names.indexOf('agreement_edit')).toBeLessThan(names.indexOf('agreement_sign'))
    expect(calls.find((c) => c.name === 'agreement_sign')!.args).toEqual({ id: 'a1', actor: '李某', signed_on: '2026-05-06' })
    const copies = document.querySelector('[data-testid="agreement-copies"]')!
    const item = copies.closest('.el-form-item')!
    expect(item.querySelector('[data-testid="field-error"]')!.textContent).toContain('至少 3 份')
  })

  it('marks every gap the core names at once, with one line and no pop-up, and does not ask to sign', async () => {
    const gaps = [
      { field: 'facts', message: '纠纷主要事实、争议事项：不能为空' },
      { field: 'terms[0]', message: '第 1 条协议内容：还有空白（＿＿）没有填写' },
      { field: 'performance', message: '履行方式、时限：不能为空' },
      { field: 'mediators', message: '调解员：至少一名调解员' },
    ]
    const { calls } = fakeCore({
      agreement_show: () => agreement('a1', 1, 'draft'),
      case_show: () => caseDetail([agreement('a1', 1, 'draft')]),
      agreement_edit: () => ({ ...agreement('a1', 1, 'draft'), sign_gaps: gaps }),
    })
    await mountAt('/agreement/a1', { id: 'a1' })
    click('agreement-sign')
    await settle()
    expect(calls.some((c) => c.name === 'agreement_sign')).toBe(false)
    const marked = Array.from(document.querySelectorAll('.agreement-page [data-testid="field-error"]')).map((e) => e.textContent?.trim())
    expect(marked).toEqual(gaps.map((g) => g.message))
    for (const testid of ['agreement-facts', 'agreement-term-0', 'agreement-performance', 'agreement-mediator-0']) {
      const item = document.querySelector(`[data-testid="${testid}"]`)!.closest('.el-form-item')!
      expect(item.className, testid).toContain('is-error')
    }
    expect(document.querySelector('[data-testid="agreement-summary"]')!.textContent).toContain('还有 4 项')
    expect(document.querySelectorAll('.el-message--error')).toHaveLength(0)
  })

  it('offers templates for the case kind that fill what is empty with the parties names', async () => {
    fakeCore({ case_show: () => ({ ...caseDetail(), case: { ...caseDetail().case, category: '坟地/丧葬' } }) })
    await mountAt('/case/c1/agreement/new', { caseId: 'c1' })
    // The person signed in is offered as the mediator (none in this test: empty).
    click('agreement-party-0')
    await flushPromises()
    click('agreement-party-1')
    await flushPromises()
    setInput('agreement-performance', '当天付清。')
    const buttons = Array.from(document.querySelectorAll('[data-testid^="agreement-template-"]')).map((b) => b.textContent?.trim())
    expect(buttons).toEqual(['在他人承包地葬坟', '毁坏他人坟墓'])
    click('agreement-template-grave_land')
    await flushPromises()
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-facts"]')!.value)
      .toBe('张某未经王某同意，在王某家承包地内安葬亲属，双方发生争议。')
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-term-0"]')!.value)
      .toBe('张某一次性补偿王某家葬坟占地费人民币＿＿元。')
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-term-2"]')!.value).toContain('不少于1米')
    // Two parties: three copies (one each, one for the committee).
    expect(document.querySelector<HTMLInputElement>('[data-testid="agreement-copies"]')!.value).toBe('3')
    // What was typed stays.
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-performance"]')!.value).toBe('当天付清。')
  })

  it('shows a signed version read-only with its number, and corrects it with a reason', async () => {
    const { calls } = fakeCore({
      agreement_show: () => agreement('a1', 1, 'signed'),
      case_show: () => caseDetail([agreement('a1', 1, 'signed')]),
      agreement_correct: () => agreement('a2', 2, 'draft', { supersedes_id: 'a1', correction_reason: '金额写错' }),
    })
    const { router } = await mountAt('/agreement/a1', { id: 'a1' })
    expect(document.querySelector('[data-testid="agreement-number"]')!.textContent).toBe('（2026）石岩哨村人调字第1号')
    expect(document.querySelector('[data-testid="agreement-status"]')!.textContent).toBe('已签订')
    expect(document.querySelector('[data-testid="agreement-signed-date"]')!.textContent).toBe('2026年5月6日')
    expect(document.querySelector('[data-testid="agreement-save"]')).toBeNull()
    expect(document.querySelector('[data-testid="agreement-sign"]')).toBeNull()
    expect(document.querySelector('.agreement-page textarea')).toBeNull()
    const terms = [...document.querySelectorAll('[data-testid="agreement-doc-term"]')].map((t) => t.textContent)
    expect(terms).toEqual(['1.张某补偿王某2600元。', '2.王某不再追究。'])
    expect(calls.some((c) => c.name === 'draft_load')).toBe(false)

    click('agreement-correct')
    await flushPromises()
    setInput('agreement-correct-reason', '金额写错')
    click('agreement-correct-submit')
    await flushPromises()
    expect(calls.find((c) => c.name === 'agreement_correct')!.args).toEqual({ id: 'a1', reason: '金额写错', actor: '李某' })
    expect(router.currentRoute.value.fullPath).toBe('/agreement/a2')
  })

  it('lists every version; a corrected one is marked 已被更正 and says so', async () => {
    const versions = [agreement('a1', 1, 'superseded'), agreement('a2', 2, 'signed', { supersedes_id: 'a1', correction_reason: '金额写错' })]
    fakeCore({ agreement_show: () => versions[0], case_show: () => caseDetail(versions) })
    await mountAt('/agreement/a1', { id: 'a1' })
    expect(document.querySelector('[data-testid="agreement-status"]')!.textContent).toBe('已被更正')
    expect(document.querySelector('[data-testid="agreement-correct"]')).toBeNull()
    expect(document.body.textContent).toContain('本版本已被第 2 版更正')
    const rows = [...document.querySelectorAll('[data-testid="agreement-version"]')].map((r) => r.textContent ?? '')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('第 2 版')
    expect(rows[0]).toContain('已签订')
    expect(rows[0]).toContain('金额写错')
    expect(rows[1]).toContain('已被更正')
    expect(rows[1]).toContain('正在查看')
  })

  it('restores the saved draft, saves what is typed, labels an oral agreement, and adds a new party', async () => {
    const saved = { form: 'oral', content: { ...content, party_ids: ['p1'], facts: '未保存的事实' }, extraPeople: [] }
    const { calls } = fakeCore({
      case_show: () => caseDetail(),
      draft_load: (a) => (a.key === 'agreement:new:c1' ? { value: saved, saved_at: '2026-05-06T01:00:00Z' } : { value: null, saved_at: null }),
      person_add: () => li,
    })
    await mountAt('/case/c1/agreement/new', { caseId: 'c1' })
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="agreement-facts"]')!.value).toBe('未保存的事实')
    expect(document.querySelector('[data-testid="agreement-draft-restored"]')!.textContent).toContain('2026年5月6日 09:00')
    expect(document.querySelector('[data-testid="agreement-oral"]')!.textContent).toBe('口头协议')
    expect(document.querySelector('[data-testid="agreement-copies"]')).toBeNull()

    setInput('agreement-new-party-name', '李某某')
    click('agreement-new-party-submit')
    await flushPromises()
    expect(calls.find((c) => c.name === 'person_add')!.args).toEqual({ name: '李某某' })
    expect(document.querySelector('[data-testid="agreement-party-2"]')!.textContent).toContain('李某某')
    expect(document.querySelector('[data-testid="agreement-parties-chosen"]')!.textContent).toContain('乙方　李某某')

    setInput('agreement-facts', '又改了')
    await new Promise((r) => setTimeout(r, 500))
    await flushPromises()
    const saves = calls.filter((c) => c.name === 'draft_save')
    const save = saves[saves.length - 1]
    expect(save.args.key).toBe('agreement:new:c1')
    expect(save.args.value).toMatchObject({ form: 'oral', content: { facts: '又改了', party_ids: ['p1', 'p3'] }, extraPeople: [{ id: 'p3' }] })
  })

  it('opens the live agreement instead of starting a second one', async () => {
    fakeCore({ case_show: () => caseDetail([agreement('a1', 1, 'signed')]) })
    const { router } = await mountAt('/case/c1/agreement/new', { caseId: 'c1' })
    expect(router.currentRoute.value.fullPath).toBe('/agreement/a1')
  })
})
