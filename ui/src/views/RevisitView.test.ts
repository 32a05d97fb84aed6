import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import RevisitView from './RevisitView.vue'
import type { AgreementView } from '../bindings/AgreementView'
import type { CaseDetail } from '../bindings/CaseDetail'

function agreement(id: string, version: number, status: 'signed' | 'superseded'): AgreementView {
  return {
    agreement: {
      id, case_id: 'c1', number: '（2026）石岩哨村人调字第1号', version, supersedes_id: null, form: 'written', status,
      content: { party_ids: [], facts: '', responsibilities: '', terms: [], performance: '', copies: 3, mediators: [], recorder: '' },
      signed_on: '2026-05-04', correction_reason: null, created_by: null, signed_by: null, created_at: '', updated_at: '',
    },
    parties: [], case_number: '石岩哨村信〔2026〕第3号', status_label: status === 'signed' ? '已签订' : '已被更正', fingerprint: '3F2A-9C1B-77D0-E412', prints: [], party_gaps: [], sign_gaps: [], confirmation: null,
  }
}

function caseDetail(agreements: AgreementView[]): CaseDetail {
  const person = (id: string, name: string) => ({
    id, name, gender: null, birth_date: null, id_number_masked: null, phone_masked: null, village: null, group: null, address: null, ethnicity: null, occupation: null,
  })
  return {
    case: {
      id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: null, channel: 'visit', category: '土地承包',
      request: '反映承包地被他人占用葬坟，要求处理。', urgency: 'normal', received_at: '2026-05-01T01:30:00Z', received_by: '李某',
      step: 'registered', route: 'settled_on_spot', outcome: 'in_progress', extension_days: null, extension_reason: null,
      accepted_on: null, handled_on: '2026-05-02', revisited_on: null, closed_on: null, created_by: 'd1', created_at: '', updated_at: '',
      voided_at: null, void_reason: null, assigned_to: null, confidential: false,
    },
    visits: [{
      id: 'v1', channel: 'visit', received_at: '2026-05-01T01:30:00Z', headcount: 2, request: '葬坟', received_by: '李某', facts: null,
      measures: null, is_repeat: false, petitioners: [{ ...person('p1', '王某'), representative: false }, { ...person('p2', '张某'), representative: false }],
    }],
    events: [], deadlines: [], agreements, revisits: [], people: [person('p1', '王某'), person('p2', '张某')], attachments: [], signed_scan_missing: [], allowed_actions: [], agreement_due: false, steps: [], papers: [], resident_cases: [], resident_differences: [],
  }
}

function mountRevisit() {
  return mountView(RevisitView, '/case/c1/revisit', [
    { path: '/case/:caseId/revisit', component: RevisitView, props: true },
    { path: '/case/:id', component: { template: '<div />' } },
  ], { caseId: 'c1' })
}

freshPageEachTest()

describe('revisit page', () => {
  it('records a revisit that checks the signed agreement, then goes back to the case', async () => {
    const { calls } = fakeCore({
      case_show: () => caseDetail([agreement('a1', 1, 'superseded'), agreement('a2', 2, 'signed')]),
      revisit_add: () => caseDetail([]),
    })
    const { router } = await mountRevisit()
    expect(document.querySelector<HTMLInputElement>('[data-testid="revisit-visited-on"]')!.value).toBe('2026年5月6日')
    // Only the signed version can be checked, and it is chosen already.
    expect(document.querySelector('[data-testid="revisit-agreement-1"]')).toBeNull()
    expect(document.querySelector('[data-testid="revisit-agreement-0"]')!.textContent).toContain('第 2 版')
    expect(document.querySelector('[data-testid="revisit-agreement-0"]')!.className).toContain('is-checked')
    click('revisit-method-phone')
    setInput('revisit-visitor', '李某')
    click('revisit-visitee-pick-1')
    setInput('revisit-performance', '补偿款已付清')
    click('revisit-satisfaction-mostly_satisfied')
    click('revisit-stopped')
    await flushPromises()
    click('revisit-submit')
    await flushPromises()
    expect(calls.find((c) => c.name === 'revisit_add')!.args).toEqual({
      case_id: 'c1', agreement_id: 'a2', visited_on: '2026-05-06', method: 'phone', visitor: '李某', visitee: '张某',
      performance: '补偿款已付清', satisfaction: 'mostly_satisfied', stopped: true,
    })
    expect(calls.some((c) => c.name === 'draft_clear' && c.args.key === 'revisit:c1')).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/case/c1')
    expect(localStorage.getItem('xinfang.actor')).toBe('李某')
  })

  it("shows the core's refusal on the page, and a field error beside its field", async () => {
    let refuse = true
    const { calls } = fakeCore({
      case_show: () => caseDetail([]),
      revisit_add: () => {
        if (refuse) throw { kind: 'refused', message: '本件尚未办理（未反馈结果、未本级调处、也未导入法律程序），不能回访。', field: null }
        throw { kind: 'invalid', message: '下次回访日期：应晚于本次回访日期', field: 'next_due_on' }
      },
    })
    const { router } = await mountRevisit()
    expect(document.body.textContent).toContain('问题解决情况')
    setInput('revisit-visitor', '李某')
    setInput('revisit-visitee', '王某')
    click('revisit-submit')
    await settle()
    // Satisfaction must be chosen before anything is sent.
    expect(calls.some((c) => c.name === 'revisit_add')).toBe(false)
    expect(document.querySelector('[data-testid="revisit-satisfaction-satisfied"]')!.closest('.el-form-item')!.textContent).toContain('请选择')

    click('revisit-satisfaction-satisfied')
    await flushPromises()
    click('revisit-submit')
    await settle()
    expect(calls.find((c) => c.name === 'revisit_add')!.args).not.toHaveProperty('agreement_id')
    expect(document.querySelector('[data-testid="revisit-error"]')!.textContent).toContain('不能回访')
    expect(router.currentRoute.value.fullPath).toBe('/case/c1/revisit')

    refuse = false
    click('revisit-submit')
    await settle()
    expect(document.querySelector('[data-testid="revisit-error"]')).toBeNull()
    const item = document.querySelector('[data-testid="revisit-next-due"]')!.closest('.el-form-item')!
    expect(item.querySelector('[data-testid="field-error"]')!.textContent).toContain('应晚于本次回访日期')
  })
})
