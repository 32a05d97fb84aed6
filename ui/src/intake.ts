// The intake form's model, and turning it into the core's VisitInput.
import type { Channel } from './bindings/Channel'
import type { Urgency } from './bindings/Urgency'
import type { VisitInput } from './bindings/VisitInput'
import type { PetitionerInput } from './bindings/PetitionerInput'
import type { CoreError } from './api'
import { chinaLocal, toRfc3339China } from './format'

export interface PetitionerRow {
  name: string
  id_number: string
  phone: string
  village: string
  group: string
  address: string
  representative: boolean
}

export interface IntakeForm {
  channel: Channel
  /** China wall clock, "YYYY-MM-DDTHH:mm:ss". */
  received_at: string
  category: string
  request: string
  received_by: string
  urgency: Urgency
  facts: string
  measures: string
  /** null: the number of petitioners listed. */
  headcount: number | null
  petitioners: PetitionerRow[]
  repeat_of: string
}

export function emptyPetitioner(village = ''): PetitionerRow {
  return { name: '', id_number: '', phone: '', village, group: '', address: '', representative: false }
}

export function emptyForm(now: Date = new Date()): IntakeForm {
  return {
    channel: 'visit',
    received_at: chinaLocal(now),
    category: '',
    request: '',
    received_by: '',
    urgency: 'normal',
    facts: '',
    measures: '',
    headcount: null,
    petitioners: [emptyPetitioner()],
    repeat_of: '',
  }
}

function opt(s: string): string | undefined {
  const t = s.trim()
  return t ? t : undefined
}

function petitionerInput(r: PetitionerRow): PetitionerInput {
  const p: PetitionerInput = { name: r.name.trim() }
  const id = opt(r.id_number)
  if (id) p.id_number = id.toUpperCase()
  const phone = opt(r.phone)
  if (phone) p.phone = phone
  const village = opt(r.village)
  if (village) p.village = village
  const group = opt(r.group)
  if (group) p.group = group
  const address = opt(r.address)
  if (address) p.address = address
  if (r.representative) p.representative = true
  return p
}

/** The VisitInput for what was typed; empty optionals are left out. */
export function buildVisitInput(f: IntakeForm): VisitInput {
  const v: VisitInput = {
    channel: f.channel,
    received_at: toRfc3339China(f.received_at),
    petitioners: f.petitioners.map(petitionerInput),
    category: f.category.trim(),
    request: f.request.trim(),
    received_by: f.received_by.trim(),
  }
  if (f.headcount !== null && f.headcount !== undefined) v.headcount = f.headcount
  const facts = opt(f.facts)
  if (facts) v.facts = facts
  const measures = opt(f.measures)
  if (measures) v.measures = measures
  if (f.urgency !== 'normal') v.urgency = f.urgency
  const rep = opt(f.repeat_of)
  if (rep) v.repeat_of = rep
  return v
}

/** Field errors keyed by the core's field path ("request", "petitioners[1].id_number"). */
export type FieldErrors = Record<string, string>

export const FORM_FIELDS = [
  'channel', 'received_at', 'category', 'request', 'received_by', 'urgency',
  'facts', 'measures', 'headcount', 'petitioners', 'repeat_of',
] as const

export const PETITIONER_FIELDS = [
  'name', 'id_number', 'phone', 'gender', 'village', 'group', 'address', 'representative',
] as const

export function petitionerKey(row: number, field: string): string {
  return `petitioners[${row}].${field}`
}

/**
 * Where an error belongs on the form: the key the template looks up, or null
 * when no field shows it (it is then shown above the form).
 * "petitioners[1]" (a whole row) lands on that row's name; "gender" (we have
 * no gender input: it comes from the ID number) on the row's ID number.
 */
export function errorKey(field: string | null | undefined): string | null {
  if (!field) return null
  const m = /^petitioners\[(\d+)\](?:\.(\w+))?$/.exec(field)
  if (m) {
    const row = Number(m[1])
    let f = m[2] ?? 'name'
    if (f === 'gender') f = 'id_number'
    if (f === 'representative') f = 'name'
    return (PETITIONER_FIELDS as readonly string[]).includes(f) ? petitionerKey(row, f) : petitionerKey(row, 'name')
  }
  return (FORM_FIELDS as readonly string[]).includes(field) ? field : null
}

export function fieldErrors(e: CoreError): FieldErrors {
  const k = errorKey(e.field)
  return k ? { [k]: e.message } : {}
}

export const DRAFT_KEY = 'xinfang.intake.draft'

export function saveDraft(f: IntakeForm, store: Storage = localStorage): void {
  try {
    store.setItem(DRAFT_KEY, JSON.stringify(f))
  } catch {
    /* storage full or unavailable: the draft is a convenience only */
  }
}

export function loadDraft(store: Storage = localStorage): IntakeForm | null {
  try {
    const s = store.getItem(DRAFT_KEY)
    if (!s) return null
    const d = JSON.parse(s) as Partial<IntakeForm>
    const base = emptyForm()
    const petitioners = Array.isArray(d.petitioners) && d.petitioners.length
      ? d.petitioners.map((p) => ({ ...emptyPetitioner(), ...p }))
      : base.petitioners
    return { ...base, ...d, petitioners }
  } catch {
    return null
  }
}

export function clearDraft(store: Storage = localStorage): void {
  try {
    store.removeItem(DRAFT_KEY)
  } catch {
    /* ignore */
  }
}
