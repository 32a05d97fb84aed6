// The intake form's model, and turning it into the core's VisitInput (and the
// SimilarQuery that looks for a likely repeat visit while it is typed).
import type { Channel } from './bindings/Channel'
import type { Urgency } from './bindings/Urgency'
import type { VisitInput } from './bindings/VisitInput'
import type { PetitionerInput } from './bindings/PetitionerInput'
import type { PersonView } from './bindings/PersonView'
import type { SimilarQuery } from './bindings/SimilarQuery'
import type { CoreError } from './api'
import { chinaLocal, toRfc3339China } from './format'

/** What the form shows of a resident picked from the ledger (masked only). */
export interface PickedPerson {
  name: string
  id_number_masked: string | null
  phone_masked: string | null
  village: string | null
  group: string | null
}

export interface PetitionerRow {
  /** The resident picked with 查找已登记的人; '' for a new one. */
  person_id: string
  picked: PickedPerson | null
  name: string
  id_number: string
  phone: string
  village: string
  group: string
  address: string
  /** 民族 and 职业: optional, asked for the agreement's parties (人民调解法第二十九条). */
  ethnicity: string
  occupation: string
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
  /** The earlier case this visit repeats (重复访); '' for a new case. */
  repeat_of: string
  /** That case's number, to show (not sent). */
  repeat_number: string
  /** A report against an official (检举、揭发): then seen only by those who handle it. */
  confidential: boolean
}

export function emptyPetitioner(village = ''): PetitionerRow {
  return {
    person_id: '', picked: null, name: '', id_number: '', phone: '', village, group: '', address: '',
    ethnicity: '', occupation: '', representative: false,
  }
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
    repeat_number: '',
    confidential: false,
  }
}

function opt(s: string): string | undefined {
  const t = s.trim()
  return t ? t : undefined
}

function petitionerInput(r: PetitionerRow): PetitionerInput {
  const p: PetitionerInput = { name: r.name.trim() }
  if (r.person_id) p.person_id = r.person_id
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
  const ethnicity = opt(r.ethnicity)
  if (ethnicity) p.ethnicity = ethnicity
  const occupation = opt(r.occupation)
  if (occupation) p.occupation = occupation
  if (r.representative) p.representative = true
  return p
}

/**
 * The VisitInput for what was typed; empty optionals are left out. The
 * 检举、揭发 mark is always sent: on a repeat visit the core adds it to the case.
 */
export function buildVisitInput(f: IntakeForm): VisitInput {
  const v: VisitInput = {
    channel: f.channel,
    received_at: toRfc3339China(f.received_at),
    petitioners: f.petitioners.map(petitionerInput),
    category: f.category.trim(),
    request: f.request.trim(),
    received_by: f.received_by.trim(),
    confidential: f.confidential,
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
  'facts', 'measures', 'headcount', 'petitioners', 'repeat_of', 'confidential',
] as const

export const PETITIONER_FIELDS = [
  'name', 'id_number', 'phone', 'gender', 'village', 'group', 'address', 'ethnicity', 'occupation', 'representative',
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
    if (f === 'representative' || f === 'person_id') f = 'name'
    return (PETITIONER_FIELDS as readonly string[]).includes(f) ? petitionerKey(row, f) : petitionerKey(row, 'name')
  }
  return (FORM_FIELDS as readonly string[]).includes(field) ? field : null
}

export function fieldErrors(e: CoreError): FieldErrors {
  // Every field the core names, each beside itself; the first message wins a field named twice.
  const out: FieldErrors = {}
  for (const { field, message } of e.fields ?? [{ field: e.field, message: e.message }]) {
    const k = errorKey(field)
    if (k && !(k in out)) out[k] = message
  }
  return out
}

// ---- picking a resident already on file ------------------------------------

/** Fills a row from a resident found with person_find (the core keeps the name on file). */
export function pickPerson(row: PetitionerRow, p: PersonView): void {
  row.person_id = p.id
  row.picked = {
    name: p.name,
    id_number_masked: p.id_number_masked,
    phone_masked: p.phone_masked,
    village: p.village,
    group: p.group,
  }
  row.name = p.name
  if (p.village) row.village = p.village
  if (p.group) row.group = p.group
  if (p.address && !row.address.trim()) row.address = p.address
  if (p.ethnicity && !row.ethnicity.trim()) row.ethnicity = p.ethnicity
  if (p.occupation && !row.occupation.trim()) row.occupation = p.occupation
}

/** Undoes pickPerson: the row is a new resident again; what the pick filled in is emptied. */
export function unpickPerson(row: PetitionerRow): void {
  const was = row.picked
  row.person_id = ''
  row.picked = null
  if (!was) return
  if (row.name === was.name) row.name = ''
  if (was.village && row.village === was.village) row.village = ''
  if (was.group && row.group === was.group) row.group = ''
}

/** One line for a found resident: 张某某 · 石岩哨村大营头组 · 身份证 1101…002X · 电话 138****8000 */
export function personLine(p: PickedPerson | PersonView): string {
  const parts = [p.name]
  const place = `${p.village ?? ''}${p.group ?? ''}`
  if (place) parts.push(place)
  if (p.id_number_masked) parts.push(`身份证 ${p.id_number_masked}`)
  if (p.phone_masked) parts.push(`电话 ${p.phone_masked}`)
  return parts.join(' · ')
}

// ---- a likely repeat visit ---------------------------------------------------

/**
 * What to ask visit_similar about the form as typed, or null when there is
 * nothing yet worth matching (no name of two characters, no whole ID number,
 * no picked resident, and a request shorter than three characters).
 */
export function similarQuery(f: IntakeForm): SimilarQuery | null {
  const petitioners: PetitionerInput[] = []
  for (const r of f.petitioners) {
    const name = r.name.trim()
    const id = r.id_number.trim().toUpperCase()
    const p: PetitionerInput = { name }
    if (r.person_id) p.person_id = r.person_id
    if (id.length >= 15) p.id_number = id
    if (p.person_id || p.id_number || [...name].length >= 2) petitioners.push(p)
  }
  const request = f.request.trim()
  const meaningful = [...request].filter((c) => /[\p{L}\p{N}]/u.test(c)).length
  if (!petitioners.length && meaningful < 3) return null
  return { petitioners, request: meaningful >= 3 ? request : '' }
}

// ---- drafts (saved in the ledger through drafts.ts) --------------------------

/** The draft key: one for a new intake, one per case for a repeat visit opened from the case. */
export function draftKey(repeatOf?: string | null): string {
  return repeatOf ? `intake:repeat:${repeatOf}` : 'intake'
}

/** True when something worth keeping was typed (not just the defaults). */
export function hasContent(f: IntakeForm): boolean {
  const text = (s: string | undefined | null) => !!(s && s.trim())
  return (
    text(f.category) || text(f.request) || text(f.facts) || text(f.measures) || text(f.repeat_of) ||
    f.headcount !== null ||
    f.petitioners.some((p) => text(p.person_id) || text(p.name) || text(p.id_number) || text(p.phone) || text(p.address))
  )
}

/** A saved draft back into a form, tolerating drafts from older versions; null if unusable. */
export function formFromDraft(value: unknown, now: Date = new Date()): IntakeForm | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const d = value as Partial<IntakeForm>
  const base = emptyForm(now)
  const str = (v: unknown, dflt: string) => (typeof v === 'string' ? v : dflt)
  const petitioners = Array.isArray(d.petitioners) && d.petitioners.length
    ? d.petitioners.map((p) => {
      const r = { ...emptyPetitioner(), ...(typeof p === 'object' && p ? p : {}) }
      return { ...r, representative: !!r.representative, picked: r.person_id ? r.picked ?? null : null }
    })
    : base.petitioners
  return {
    channel: (str(d.channel, base.channel) as Channel),
    received_at: str(d.received_at, base.received_at),
    category: str(d.category, ''),
    request: str(d.request, ''),
    received_by: str(d.received_by, ''),
    urgency: (str(d.urgency, base.urgency) as Urgency),
    facts: str(d.facts, ''),
    measures: str(d.measures, ''),
    headcount: typeof d.headcount === 'number' ? d.headcount : null,
    petitioners,
    repeat_of: str(d.repeat_of, ''),
    repeat_number: str(d.repeat_number, ''),
    confidential: d.confidential === true,
  }
}

/** The collective-visit hint (集体访): shown on the form; the core decides on submit. */
export const COLLECTIVE_HEADCOUNT = 5
export const MAX_REPRESENTATIVES = 5

// The receiver (首问责任人) is usually the same person all day: remembered on this machine.
const RECEIVER_KEY = 'xinfang.intake.receivedBy'

export function lastReceiver(store: Storage | undefined = globalThis.localStorage): string {
  try {
    return store?.getItem(RECEIVER_KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberReceiver(name: string, store: Storage | undefined = globalThis.localStorage): void {
  try {
    if (name.trim()) store?.setItem(RECEIVER_KEY, name.trim())
  } catch {
    /* a convenience only */
  }
}
