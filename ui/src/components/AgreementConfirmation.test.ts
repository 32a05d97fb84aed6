// 司法确认 on the agreement page: the application first (court, date), then
// the court's decision; the core's refusal (too late, out of order) is shown
// as it says it, and a decided confirmation offers nothing more.
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, settle } from '../test/page'
import AgreementConfirmation from './AgreementConfirmation.vue'
import type { AgreementView } from '../bindings/AgreementView'
import type { Confirmation } from '../bindings/Confirmation'

function view(confirmation: Confirmation | null): AgreementView {
  return { agreement: { id: 'ag1', case_id: 'c1' }, confirmation } as unknown as AgreementView
}

const APPLIED: Confirmation = {
  applied_on: '2026-03-10', court: '石岩县人民法院', confirmed: null, decided_on: null, label: '已申请司法确认',
}

freshPageEachTest()

describe('judicial confirmation on the agreement', () => {
  it('records the application and shows the core’s refusal', async () => {
    const { named } = fakeCore({
      paper_add: () => { throw { kind: 'refused', message: '协议于2026-03-06生效，申请司法确认应在30日内（至2026-04-05）提出，已超过期限。', field: null } },
    })
    const w = mount(AgreementConfirmation, { props: { view: view(null) }, global: { plugins: [ElementPlus] } })
    await w.find('input[data-testid="confirmation-court"], [data-testid="confirmation-court"] input').setValue('石岩县人民法院')
    await w.find('[data-testid="confirmation-submit"]').trigger('click')
    await settle()
    expect(named('paper_add')[0].args).toMatchObject({
      case_id: 'c1', content: { kind: 'confirmation_application', agreement_id: 'ag1', court: '石岩县人民法院' },
    })
    expect(w.find('[data-testid="confirmation-error"]').text()).toContain('已超过期限')
    expect(w.emitted('changed')).toBeUndefined()
  })

  it('records the decision once applied, and nothing once decided', async () => {
    const { named } = fakeCore({ paper_add: () => ({}) })
    const w = mount(AgreementConfirmation, { props: { view: view(APPLIED) }, global: { plugins: [ElementPlus] } })
    expect(w.text()).toContain('登记法院确认结果')
    await w.find('[data-testid="confirmation-submit"]').trigger('click')
    await settle()
    expect(named('paper_add')[0].args).toMatchObject({ content: { kind: 'confirmation_decision', confirmed: true } })
    expect(w.emitted('changed')).toHaveLength(1)
    const decided = { ...APPLIED, confirmed: true, decided_on: '2026-03-16', label: '人民法院已确认有效' }
    const done = mount(AgreementConfirmation, { props: { view: view(decided) }, global: { plugins: [ElementPlus] } })
    expect(done.find('[data-testid="agreement-confirmation-form"]').exists()).toBe(false)
  })
})
