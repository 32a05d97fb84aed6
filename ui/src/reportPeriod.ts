// The periods a clerk reports on (本月, 上月, 本季度, 上半年, 本年…), as
// inclusive YYYY-MM-DD ranges counted from the core's today.
import { reactive } from 'vue'
import type { Breakdown } from './bindings/Breakdown'

export interface Period {
  from: string
  to: string
}

export interface PeriodPreset {
  key: string
  label: string
  /** The range for a given today (YYYY-MM-DD). */
  range: (today: string) => Period
}

const pad = (n: number) => String(n).padStart(2, '0')
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`
/** Days in month `m` (1–12) of year `y`. */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const monthRange = (y: number, first: number, last: number): Period => ({
  from: day(y, first, 1),
  to: day(y, last, lastDay(y, last)),
})

function parts(today: string): [number, number] {
  const [y, m] = today.split('-').map(Number)
  return [y, m]
}

export const PERIOD_PRESETS: PeriodPreset[] = [
  { key: 'month', label: '本月', range: (t) => { const [y, m] = parts(t); return monthRange(y, m, m) } },
  {
    key: 'last_month',
    label: '上月',
    range: (t) => { const [y, m] = parts(t); return m === 1 ? monthRange(y - 1, 12, 12) : monthRange(y, m - 1, m - 1) },
  },
  {
    key: 'quarter',
    label: '本季度',
    range: (t) => { const [y, m] = parts(t); const q = Math.floor((m - 1) / 3) * 3 + 1; return monthRange(y, q, q + 2) },
  },
  {
    key: 'half',
    label: '本半年',
    range: (t) => { const [y, m] = parts(t); return m <= 6 ? monthRange(y, 1, 6) : monthRange(y, 7, 12) },
  },
  {
    key: 'last_half',
    label: '上半年度',
    range: (t) => { const [y, m] = parts(t); return m <= 6 ? monthRange(y - 1, 7, 12) : monthRange(y, 1, 6) },
  },
  { key: 'year', label: '本年', range: (t) => monthRange(parts(t)[0], 1, 12) },
  { key: 'last_year', label: '上年', range: (t) => monthRange(parts(t)[0] - 1, 1, 12) },
]

/** The preset whose range is exactly `p` on `today`, if any. */
export function presetOf(p: Period, today: string): string | null {
  return PERIOD_PRESETS.find((x) => { const r = x.range(today); return r.from === p.from && r.to === p.to })?.key ?? null
}

/** The dashboard's question, kept while the clerk opens a case and comes back. */
export const reportState = reactive({
  from: '',
  to: '',
  villages: [] as string[],
  breakdown: 'village' as Breakdown,
})
