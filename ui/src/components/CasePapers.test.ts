// 文书 on the case page: each paper the core recorded is listed with its
// title (the core's), the review window of an answer, and a print button for
// the papers that print; recording a notice sends the form to paper_add and
// shows the core's refusal on the field it names; the mediation file's
// records mark every problem the core finds beside its field at once, and
// 登记并打印 prints the paper just recorded.
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, setInput, settle } from '../test/page'
import CasePapers from './CasePapers.vue'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { PaperView } from '../bindings/PaperView'
import type { PaperContent } from '../bindings/PaperContent'

function paper(id: string, content: PaperContent, title: string, over: Partial<PaperView> = {}): PaperView {
  return {
    paper: { id, case_id: 'c1', agreement_id: null, dated_on: '2026-03-10', content, created_by: '李某', created_at: '' },
    title, case_number: '石岩哨村信〔2026〕第3号', people: [], review_until: null, ...over,
  }
}

const papers: PaperView[] = [
  paper('n1', { kind: 'notice', notice: 'accepted', to_body: null, reason: null, delivery: 'in_person' }, '信访事项受理告知书'),
  paper('a1', { kind: 'answer', facts: 'f', basis: 'b', answer: 'a', review_body: '石岩县民政局', delivery: 'post' },
    '信访事项处理意见书', { review_until: '2026-04-09' }),
  paper('r1', { kind: 'rights_notice', party_ids: ['p1'] }, '人民调解当事人权利义务告知书'),
  { ...paper('c1', { kind: 'confirmation_application', agreement_id: 'ag1', court: '石岩县人民法院' }, '司法确认申请书'),
    paper: { ...paper('c1', { kind: 'confirmation_application', agreement_id: 'ag1', court: '石岩县人民法院' }, '').paper, agreement_id: 'ag1' } },
  paper('d1', { kind: 'confirmation_decision', agreement_id: 'ag1', confirmed: true, note: null }, '司法确认结果（确认有效）'),
]

const detail = { case: { id: 'c1' }, papers } as unknown as CaseDetail

freshPageEachTest()

describe('the case papers', () => {
  it('lists the core’s titles and prints each paper that prints by its own request', async () => {
    fakeCore()
    const w = mount(CasePapers, { props: { detail, voided: false }, global: { plugins: [ElementPlus] }, attachTo: document.body })
    const rows = w.findAll('[data-testid="case-paper"]')
    expect(rows.map((r) => r.find('td').text())).toEqual([
      '信访事项受理告知书', '信访事项处理意见书复查申请期限至 2026年4月9日', '人民调解当事人权利义务告知书', '司法确认申请书', '司法确认结果（确认有效）',
    ])
    const buttons = w.findAll('[data-testid="case-paper-print"]')
    expect(buttons).toHaveLength(4)
    for (const b of buttons) await b.trigger('click')
    expect(w.emitted('print')).toEqual([
      [{ document: 'notice', id: 'n1' }],
      [{ document: 'answer', id: 'a1' }],
      [{ document: 'record', id: 'r1' }],
      [{ document: 'confirmation', agreement_id: 'ag1' }],
    ])
  })

  it('sends a notice to the core and shows its refusal on the field', async () => {
    const { named } = fakeCore({
      paper_add: () => { throw { kind: 'invalid', message: '转送机关：请写明转送给哪个机关、单位', field: 'content.to_body' } },
    })
    const w = mount(CasePapers, { props: { detail, voided: false }, global: { plugins: [ElementPlus] }, attachTo: document.body })
    await w.find('[data-testid="paper-add-notice"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLInputElement>('[data-testid="paper-notice-kind"] input[value="transferred"]')!.click()
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid="paper-submit"]')!.click()
    await settle()
    expect(named('paper_add')[0].args).toMatchObject({
      case_id: 'c1', content: { kind: 'notice', notice: 'transferred', to_body: null, delivery: 'in_person' },
    })
    expect(document.body.textContent).toContain('转送机关：请写明转送给哪个机关、单位')
    expect(w.emitted('changed')).toBeUndefined()
  })

  it('marks every problem of a mediation record beside its field at once, and records nothing', async () => {
    const people = [{ id: 'p1', name: '张某某', village: '石岩哨村', group: null }, { id: 'p2', name: '张东红', village: '石岩哨村', group: null }]
    const withPeople = { ...detail, people } as unknown as CaseDetail
    const { named } = fakeCore({
      paper_check: () => [
        { field: 'content.place', message: '调解地点：不能为空' },
        { field: 'content.party_ids', message: '当事人：至少选择一人' },
        { field: 'content.record', message: '调解情况：不能为空' },
        { field: 'dated_on', message: '日期：不能早于登记日期' },
      ],
    })
    const w = mount(CasePapers, { props: { detail: withPeople, voided: false }, global: { plugins: [ElementPlus] }, attachTo: document.body })
    await w.find('[data-testid="paper-record-mediation_record"]').trigger('click')
    await settle()
    setInput('record-names', '杨某、李某')
    document.querySelector<HTMLElement>('[data-testid="record-submit"]')!.click()
    await settle()
    expect(named('paper_check')[0].args).toMatchObject({
      case_id: 'c1', dated_on: '2026-05-06',
      content: { kind: 'mediation_record', place: '', mediators: ['杨某', '李某'], party_ids: [], record: '', result: '' },
    })
    const marked = [...document.querySelectorAll('.record-form [data-testid="field-error"]')].map((e) => e.textContent)
    expect(marked).toEqual(['调解地点：不能为空', '当事人：至少选择一人', '调解情况：不能为空', '日期：不能早于登记日期'])
    expect(named('paper_add')).toHaveLength(0)
    expect(w.emitted('changed')).toBeUndefined()
  })

  it('records an investigation and prints the paper just recorded', async () => {
    const added = paper('i1', { kind: 'investigation', place: '现场', investigators: ['杨某'], interviewee: '王某', record: '查看' }, '调查记录')
    const { named } = fakeCore({
      paper_check: () => [],
      paper_add: () => ({ ...detail, papers: [...papers, added] }),
    })
    const w = mount(CasePapers, { props: { detail, voided: false }, global: { plugins: [ElementPlus] }, attachTo: document.body })
    await w.find('[data-testid="paper-record-investigation"]').trigger('click')
    await settle()
    setInput('record-place', '承包地现场')
    setInput('record-names', '杨某')
    setInput('record-interviewee', '王某')
    setInput('record-record', '现场查看坟地位置')
    document.querySelector<HTMLElement>('[data-testid="record-submit-print"]')!.click()
    await settle()
    const sent = { case_id: 'c1', dated_on: '2026-05-06', actor: expect.any(String),
      content: { kind: 'investigation', place: '承包地现场', investigators: ['杨某'], interviewee: '王某', record: '现场查看坟地位置' } }
    expect(named('paper_check')[0].args).toEqual(sent)
    expect(named('paper_add')[0].args).toEqual(sent)
    expect(w.emitted('changed')).toHaveLength(1)
    expect(w.emitted('print')).toEqual([[{ document: 'record', id: 'i1' }]])
  })

  it('offers no recording on a voided case', () => {
    fakeCore()
    const w = mount(CasePapers, { props: { detail, voided: true }, global: { plugins: [ElementPlus] } })
    expect(w.find('[data-testid="paper-add-notice"]').exists()).toBe(false)
  })
})
