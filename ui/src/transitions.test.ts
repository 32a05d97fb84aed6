import { afterEach, describe, expect, it, vi } from 'vitest'
import { setInvoker } from './api'
import {
  ACTIONS, buildTransition, coreToday, milestones, offeredActions, resetCoreToday, type TransitionForm,
} from './transitions'
import type { CaseDetail } from './bindings/CaseDetail'
import type { CaseEvent } from './bindings/CaseEvent'
import type { CaseRow } from './bindings/CaseRow'

const base: TransitionForm = { action: 'commission', actor: ' 李某 ', on: '2026-11-23', note: '', days: 30, reason: '', outcome: 'handled' }

describe('buildTransition', () => {
  it('builds a simple step', () => {
    expect(buildTransition('c1', { ...base, action: 'carry_up' })).toEqual({ id: 'c1', transition: { action: 'carry_up' }, actor: '李某', on: '2026-11-23' })
  })
  it('sends only the typed note with 委托 (the core records the signed commitment itself)', () => {
    expect(buildTransition('c1', { ...base, commitment: true })).toEqual({ id: 'c1', transition: { action: 'commission' }, actor: '李某', on: '2026-11-23' })
    expect(buildTransition('c1', { ...base, commitment: true, note: ' 本人签字 ' }).note).toBe('本人签字')
  })
  it('leaves out an empty date (the core takes its today)', () => {
    expect(buildTransition('c1', { ...base, on: '' })).not.toHaveProperty('on')
  })
  it('builds extend and close with their extra fields', () => {
    expect(buildTransition('c1', { ...base, action: 'extend', days: 20, reason: '需调查', note: '报乡镇' })).toEqual({
      id: 'c1', transition: { action: 'extend', days: 20, reason: '需调查' }, actor: '李某', on: '2026-11-23', note: '报乡镇',
    })
    expect(buildTransition('c1', { ...base, action: 'close', outcome: 'resolved' }).transition).toEqual({ action: 'close', outcome: 'resolved' })
  })
  it('no longer offers 回访 as a transition', () => {
    expect(ACTIONS.map((a) => a.action)).not.toContain('revisit')
  })
})

const row: CaseRow = {
  id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: null, channel: 'visit', category: '土地承包',
  request: '诉求', urgency: 'normal', received_at: '2026-03-02T01:30:00Z', received_by: '李某', step: 'registered',
  route: 'five_step', outcome: 'in_progress', extension_days: null, extension_reason: null, accepted_on: null,
  handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1', created_at: '', updated_at: '', voided_at: null, void_reason: null, assigned_to: null,
  confidential: false,
}

function ev(action: string, happened_on: string, actor = '李某', note: string | null = null): CaseEvent {
  return { id: `${action}-${happened_on}`, case_id: 'c1', action, happened_on, actor, note, created_at: '' }
}
function detail(c: Partial<CaseRow>, events: CaseEvent[], allowed_actions: CaseDetail['allowed_actions'] = []): CaseDetail {
  return {
    case: { ...row, ...c }, visits: [], events, deadlines: [], agreements: [], revisits: [], people: [], attachments: [],
    signed_scan_missing: [], resident_cases: [], resident_differences: [], allowed_actions, agreement_due: false, steps: [], papers: [],
  }
}

describe('offeredActions', () => {
  it("offers the core's allowed actions as they come, deciding nothing itself", () => {
    // A registered case for which the core allows only closing: the page follows the core.
    expect(offeredActions(detail({}, [], ['close']))).toEqual(['close'])
    expect(offeredActions(detail({}, [], ['feed_back', 'settle_on_spot', 'extend']))).toEqual(['feed_back', 'settle_on_spot', 'extend'])
    expect(offeredActions(detail({ step: 'fed_back' }, [], []))).toEqual([])
  })
})

describe('milestones', () => {
  it('finds the events that changed the route, extended the limit and closed the case', () => {
    const settled = detail({ route: 'settled_on_spot', step: 'revisited' }, [
      ev('register', '2026-03-02'), ev('settle_on_spot', '2026-03-04'), ev('revisit', '2026-04-01', '张某', '回访王某'), ev('revisit', '2026-05-01'),
    ])
    expect(milestones(settled).route?.action).toBe('settle_on_spot')
    const d = detail({ route: 'legal_route', step: 'commissioned', outcome: 'handled' }, [
      ev('register', '2026-03-02'), ev('commission', '2026-03-03'), ev('direct_to_legal_route', '2026-03-05'),
      ev('extend', '2026-03-04', '李某', '需现场勘测'), ev('close', '2026-03-06'),
    ])
    const m = milestones(d)
    expect([m.route?.action, m.extend?.note, m.close?.happened_on]).toEqual(['direct_to_legal_route', '需现场勘测', '2026-03-06'])
  })
})

describe('coreToday', () => {
  afterEach(() => {
    setInvoker(null)
    resetCoreToday()
  })
  it("takes the core's day, not the computer's", async () => {
    const inv = vi.fn(async () => ({ now: '2026-05-06T09:00:00+08:00', today: '2026-05-06' }))
    setInvoker(inv as never)
    expect(await coreToday()).toBe('2026-05-06')
    expect(await coreToday()).toBe('2026-05-06')
    expect(inv).toHaveBeenCalledTimes(1)
    expect(inv).toHaveBeenCalledWith('call', { name: 'clock_now', args: {} })
  })
})
