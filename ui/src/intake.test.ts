import { describe, expect, it } from 'vitest'
import {
  buildVisitInput, draftKey, emptyForm, emptyPetitioner, errorKey, fieldErrors, formFromDraft, hasContent,
  lastReceiver, personLine, petitionerKey, pickPerson, rememberReceiver, similarQuery, unpickPerson,
} from './intake'
import type { PersonView } from './bindings/PersonView'

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
      confidential: false,
    })
  })

  it('sends the 检举、揭发 mark when ticked, on a new case and on a repeat visit alike', () => {
    const f = emptyForm()
    expect(f.confidential).toBe(false)
    f.confidential = true
    expect(buildVisitInput(f).confidential).toBe(true)
    f.repeat_of = 'case-1'
    expect(buildVisitInput(f)).toMatchObject({ repeat_of: 'case-1', confidential: true })
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

  it('marks every field the core names at once, each beside itself', () => {
    const fe = fieldErrors({
      kind: 'invalid', message: '第 1 位信访人的身份证号码：有误，请对照身份证重新输入', field: 'petitioners[0].id_number',
      fields: [
        { field: 'petitioners[0].id_number', message: '第 1 位信访人的身份证号码：有误，请对照身份证重新输入' },
        { field: 'petitioners[0].phone', message: '第 1 位信访人的联系电话：有误' },
        { field: 'category', message: '类别：不能为空' },
        { field: 'no_such_box', message: '不在表上' },
      ],
    })
    expect(fe).toEqual({
      [petitionerKey(0, 'id_number')]: '第 1 位信访人的身份证号码：有误，请对照身份证重新输入',
      [petitionerKey(0, 'phone')]: '第 1 位信访人的联系电话：有误',
      category: '类别：不能为空',
    })
  })
  it('maps form fields, rows, and unknowns', () => {
    expect(errorKey('request')).toBe('request')
    expect(errorKey('petitioners')).toBe('petitioners')
    expect(errorKey('petitioners[2]')).toBe('petitioners[2].name')
    expect(errorKey('petitioners[0].gender')).toBe('petitioners[0].id_number')
    expect(errorKey(null)).toBeNull()
    expect(errorKey('confidential')).toBe('confidential')
    expect(errorKey('something_else')).toBeNull()
  })
})

const ZHANG: PersonView = {
  id: 'p-1', name: '张某某', gender: 'female', birth_date: '1949-12-31', id_number_masked: '110105********002X',
  phone_masked: '138****8000', village: '石岩哨村', group: '大营头组', address: null, ethnicity: null, occupation: null,
}

describe('picking a resident on file', () => {
  it('fills the row, sends person_id, and unpicking empties what the pick filled', () => {
    const f = emptyForm(new Date('2026-05-06T01:00:00Z'))
    f.category = '土地承包'
    f.request = '反映占地'
    f.received_by = '李某'
    const row = f.petitioners[0]
    row.phone = '13900001111'
    pickPerson(row, ZHANG)
    expect(row).toMatchObject({ person_id: 'p-1', name: '张某某', village: '石岩哨村', group: '大营头组' })
    expect(row.picked?.id_number_masked).toBe('110105********002X')
    expect(buildVisitInput(f).petitioners[0]).toEqual({
      person_id: 'p-1', name: '张某某', phone: '13900001111', village: '石岩哨村', group: '大营头组',
    })
    expect(personLine(row.picked!)).toBe('张某某 · 石岩哨村大营头组 · 身份证 110105********002X · 电话 138****8000')

    row.village = '另一村'
    unpickPerson(row)
    expect(row).toMatchObject({ person_id: '', picked: null, name: '', village: '另一村', group: '', phone: '13900001111' })
    expect(buildVisitInput(f).petitioners[0]).not.toHaveProperty('person_id')
  })

  it("maps an error on a row's person_id to the row's name", () => {
    expect(errorKey('petitioners[0].person_id')).toBe('petitioners[0].name')
  })
})

describe('similarQuery', () => {
  it('is null until there is something to match', () => {
    const f = emptyForm()
    expect(similarQuery(f)).toBeNull()
    f.petitioners[0].name = '张'
    f.request = '占地。'
    f.petitioners[0].id_number = '110105'
    expect(similarQuery(f)).toBeNull()
  })

  it('sends whole names, whole ID numbers, picked people and the request', () => {
    const f = emptyForm()
    f.petitioners = [
      { ...emptyPetitioner(), name: '张某某', id_number: '11010519491231002x' },
      { ...emptyPetitioner(), name: '' },
      { ...emptyPetitioner(), name: '王', person_id: 'p-9' },
    ]
    f.request = ' 反映承包地被占用 '
    expect(similarQuery(f)).toEqual({
      petitioners: [{ name: '张某某', id_number: '11010519491231002X' }, { name: '王', person_id: 'p-9' }],
      request: '反映承包地被占用',
    })
    f.petitioners = [{ ...emptyPetitioner() }]
    expect(similarQuery(f)).toEqual({ petitioners: [], request: '反映承包地被占用' })
    f.request = '地'
    f.petitioners[0].name = '李四'
    expect(similarQuery(f)).toEqual({ petitioners: [{ name: '李四' }], request: '' })
  })
})

describe('drafts', () => {
  it('keys a repeat visit from a case apart from a new intake', () => {
    expect(draftKey()).toBe('intake')
    expect(draftKey('')).toBe('intake')
    expect(draftKey('c-1')).toBe('intake:repeat:c-1')
  })

  it('knows a form with only defaults from one with typing in it', () => {
    const f = emptyForm()
    f.received_by = '李某'
    f.petitioners[0].village = '石岩哨村'
    expect(hasContent(f)).toBe(false)
    f.petitioners[0].name = '王'
    expect(hasContent(f)).toBe(true)
    const g = emptyForm()
    g.request = '占地'
    expect(hasContent(g)).toBe(true)
  })

  it('restores a saved form, filling gaps from older drafts and refusing junk', () => {
    const now = new Date('2026-05-06T01:00:00Z')
    const f = emptyForm(now)
    f.request = '草稿内容'
    f.headcount = 32
    f.petitioners[0].name = '王某'
    f.petitioners[0].representative = true
    f.repeat_of = 'c-1'
    f.repeat_number = '石岩哨村信〔2026〕第1号'
    f.confidential = true
    const back = formFromDraft(JSON.parse(JSON.stringify(f)), now)
    expect(back).toEqual(f)
    const old = formFromDraft({ request: '旧草稿', petitioners: [{ name: '李某' }] }, now)!
    expect(old.request).toBe('旧草稿')
    expect(old.petitioners[0]).toEqual({ ...emptyPetitioner(), name: '李某' })
    expect(old.received_at).toBe('2026-05-06T09:00:00')
    // A draft saved before the 检举、揭发 mark existed is not one.
    expect(old.confidential).toBe(false)
    expect(formFromDraft(null)).toBeNull()
    expect(formFromDraft('oops')).toBeNull()
    expect(formFromDraft([1])).toBeNull()
  })

  it('remembers who received the last visit', () => {
    localStorage.clear()
    expect(lastReceiver()).toBe('')
    rememberReceiver(' 李某 ')
    expect(lastReceiver()).toBe('李某')
    rememberReceiver('  ')
    expect(lastReceiver()).toBe('李某')
  })
})
