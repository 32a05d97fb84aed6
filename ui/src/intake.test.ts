import { beforeEach, describe, expect, it } from 'vitest'
import {
  buildVisitInput, clearDraft, emptyForm, emptyPetitioner, errorKey, fieldErrors, loadDraft, petitionerKey, saveDraft,
} from './intake'

describe('buildVisitInput', () => {
  it('builds the VisitInput from typed values, omitting empty optionals', () => {
    const f = emptyForm(new Date('2026-03-02T01:30:00Z'))
    f.category = ' 土地承包 '
    f.request = '反映承包地被他人占用葬坟，要求处理。'
    f.received_by = '李某'
    f.petitioners = [
      { ...emptyPetitioner(), name: '王某', id_number: '52272819800101001x', phone: ' ', village: '石岩哨村', group: '三组' },
      { ...emptyPetitioner(), name: '张某', representative: true },
    ]
    expect(buildVisitInput(f)).toEqual({
      channel: 'visit',
      received_at: '2026-03-02T09:30:00+08:00',
      petitioners: [
        { name: '王某', id_number: '52272819800101001X', village: '石岩哨村', group: '三组' },
        { name: '张某', representative: true },
      ],
      category: '土地承包',
      request: '反映承包地被他人占用葬坟，要求处理。',
      received_by: '李某',
    })
  })

  it('sends optionals that were filled', () => {
    const f = emptyForm()
    f.channel = 'phone'
    f.urgency = 'urgent'
    f.facts = '属实'
    f.measures = '已联系组长'
    f.headcount = 6
    f.repeat_of = 'case-1'
    const v = buildVisitInput(f)
    expect(v).toMatchObject({ channel: 'phone', urgency: 'urgent', facts: '属实', measures: '已联系组长', headcount: 6, repeat_of: 'case-1' })
  })
})

describe('error mapping', () => {
  it("puts petitioners[1].id_number on row 1's ID field", () => {
    const fe = fieldErrors({ kind: 'invalid', message: '第 2 位信访人的身份证号码：校验位不对', field: 'petitioners[1].id_number' })
    expect(fe).toEqual({ [petitionerKey(1, 'id_number')]: '第 2 位信访人的身份证号码：校验位不对' })
    expect(petitionerKey(1, 'id_number')).toBe('petitioners[1].id_number')
  })
  it('maps form fields, rows, and unknowns', () => {
    expect(errorKey('request')).toBe('request')
    expect(errorKey('petitioners')).toBe('petitioners')
    expect(errorKey('petitioners[2]')).toBe('petitioners[2].name')
    expect(errorKey('petitioners[0].gender')).toBe('petitioners[0].id_number')
    expect(errorKey(null)).toBeNull()
    expect(errorKey('something_else')).toBeNull()
  })
})

describe('draft', () => {
  beforeEach(() => localStorage.clear())
  it('round-trips through localStorage and clears', () => {
    const f = emptyForm()
    f.request = '草稿内容'
    f.petitioners[0].name = '王某'
    saveDraft(f)
    const d = loadDraft()
    expect(d?.request).toBe('草稿内容')
    expect(d?.petitioners[0].name).toBe('王某')
    clearDraft()
    expect(loadDraft()).toBeNull()
  })
  it('ignores a broken draft', () => {
    localStorage.setItem('xinfang.intake.draft', '{oops')
    expect(loadDraft()).toBeNull()
  })
})
