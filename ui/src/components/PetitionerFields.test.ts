// The person fields the three forms share: each form's own data-testids and
// labels, typing lands in the form's object, the core's message shows on its
// field, Enter sends only from the fields the form names, and a person picked
// from the ledger keeps the ledger's name and shows its numbers masked.
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { defineComponent, h, reactive } from 'vue'
import PetitionerFields, { type PersonField, type PersonText } from './PetitionerFields.vue'
import { freshPageEachTest, setInput, settle } from '../test/page'

freshPageEachTest()

function mountFields(props: Record<string, unknown> & { person: PersonText; fields: PersonField[]; testid: string }) {
  const submitted: number[] = []
  // Inside an el-form, as each form has it.
  const Host = defineComponent({
    setup: () => () =>
      h('form', { class: 'el-form' }, [h(PetitionerFields, { ...props, onSubmit: () => submitted.push(1) })]),
  })
  const w = mount(Host, { global: { plugins: [ElementPlus] }, attachTo: document.body })
  return { w, submitted }
}

const input = (testid: string) => document.querySelector<HTMLInputElement>(`input[data-testid="${testid}"]`)
const labels = () => Array.from(document.querySelectorAll('.el-form-item__label')).map((l) => l.textContent?.trim())

describe('PetitionerFields', () => {
  it("asks the intake's six fields with its testids, and typing fills the form's object", async () => {
    const person = reactive({ name: '', id_number: '', phone: '', village: '石岩哨村', group: '', address: '', representative: false })
    mountFields({ person, fields: ['name', 'id_number', 'phone', 'village', 'group', 'address'], testid: 'petitioner', suffix: '-1' })
    await flushPromises()
    expect(labels()).toEqual(['姓名', '身份证号码', '联系电话', '村', '组', '住址'])
    for (const id of ['name', 'id-number', 'phone', 'village', 'group', 'address']) expect(input(`petitioner-${id}-1`)).not.toBeNull()
    expect(input('petitioner-village-1')!.value).toBe('石岩哨村')
    expect(input('petitioner-address-1')!.maxLength).toBe(200)
    setInput('petitioner-name-1', '王某')
    setInput('petitioner-id-number-1', '52272819800101002X')
    await flushPromises()
    expect([person.name, person.id_number, person.representative]).toEqual(['王某', '52272819800101002X', false])
    // The name is the only field that must be filled.
    expect(document.querySelectorAll('.el-form-item.is-required')).toHaveLength(1)
  })

  it("uses a form's own labels and sends on Enter only from the fields it names", async () => {
    const person = reactive({ name: '', id_number: '', phone: '', address: '' })
    const { submitted } = mountFields({
      person, fields: ['name', 'id_number', 'phone', 'address'], testid: 'agreement-new-party', submitOn: ['name'],
      labels: { id_number: '身份证号码（可不填）', phone: '电话（可不填）', address: '住址（可不填）' },
    })
    await flushPromises()
    expect(labels()).toEqual(['姓名', '身份证号码（可不填）', '电话（可不填）', '住址（可不填）'])
    input('agreement-new-party-phone')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(submitted).toHaveLength(0)
    input('agreement-new-party-name')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(submitted).toHaveLength(1)
  })

  it("shows the core's message on the field it names", async () => {
    const person = reactive({ name: '王某', id_number: '123', phone: '' })
    const errors: Record<string, string> = { id_number: '身份证号码应为 18 位' }
    mountFields({ person, fields: ['name', 'id_number', 'phone'], testid: 'to-case', errorOf: (f: PersonField) => errors[f] })
    await settle()
    const bad = input('to-case-id-number')!.closest('.el-form-item')!
    expect(bad.querySelector('[data-testid="field-error"]')?.textContent).toBe('身份证号码应为 18 位')
    expect(document.querySelectorAll('[data-testid="field-error"]')).toHaveLength(1)
  })

  it('keeps the name of a person picked from the ledger and shows the numbers masked', async () => {
    const person = reactive({ name: '王某', id_number: '', phone: '' })
    mountFields({
      person, fields: ['name', 'id_number', 'phone'], testid: 'petitioner', suffix: '-0', nameLocked: true,
      known: { id_number_masked: '522728********0020', phone_masked: '138****5678' },
    })
    await flushPromises()
    expect(input('petitioner-name-0')!.readOnly).toBe(true)
    expect(input('petitioner-name-0')!.title).toBe('已登记的人，姓名以台账为准')
    expect(input('petitioner-id-number-0')!.placeholder).toBe('已登记 522728********0020')
    expect(input('petitioner-phone-0')!.placeholder).toBe('已登记 138****5678')
  })
})
