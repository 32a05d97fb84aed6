import { describe, expect, it } from 'vitest'
import { PERIOD_PRESETS, presetOf } from './reportPeriod'

const range = (key: string, today: string) => PERIOD_PRESETS.find((p) => p.key === key)!.range(today)

describe('report periods', () => {
  it('give whole months, with the right last day', () => {
    expect(range('month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(range('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(range('quarter', '2026-11-24')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(range('year', '2026-11-24')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
  })

  it('reach back across a year end', () => {
    expect(range('last_month', '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(range('last_half', '2026-03-01')).toEqual({ from: '2025-07-01', to: '2025-12-31' })
    expect(range('last_half', '2009-07-10')).toEqual({ from: '2009-01-01', to: '2009-06-30' })
    expect(range('last_year', '2026-11-24')).toEqual({ from: '2025-01-01', to: '2025-12-31' })
  })

  it('recognise a range that is a preset, and no other', () => {
    expect(presetOf({ from: '2026-07-01', to: '2026-12-31' }, '2026-11-24')).toBe('half')
    expect(presetOf({ from: '2026-07-01', to: '2026-11-30' }, '2026-11-24')).toBeNull()
  })
})
