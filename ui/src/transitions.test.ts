import { describe, expect, it } from 'vitest'
import { buildTransition, type TransitionForm } from './transitions'

const base: TransitionForm = { action: 'commission', actor: ' 李某 ', on: '2026-11-23', note: '', days: 30, reason: '', outcome: 'handled' }

describe('buildTransition', () => {
  it('builds a simple step', () => {
    expect(buildTransition('c1', base)).toEqual({ id: 'c1', transition: { action: 'commission' }, actor: '李某', on: '2026-11-23' })
  })
  it('builds extend and close with their extra fields', () => {
    expect(buildTransition('c1', { ...base, action: 'extend', days: 20, reason: '需调查', note: '报乡镇' })).toEqual({
      id: 'c1', transition: { action: 'extend', days: 20, reason: '需调查' }, actor: '李某', on: '2026-11-23', note: '报乡镇',
    })
    expect(buildTransition('c1', { ...base, action: 'close', outcome: 'resolved' }).transition).toEqual({ action: 'close', outcome: 'resolved' })
  })
})
