// Dates and times as a Chinese reader expects them, always in China time (+08:00).
import type { Deadline } from './bindings/Deadline'

const CHINA_OFFSET_MS = 8 * 3600 * 1000

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** The wall clock in China for an instant, as UTC fields of a shifted Date. */
function chinaFields(d: Date) {
  const s = new Date(d.getTime() + CHINA_OFFSET_MS)
  return {
    y: s.getUTCFullYear(),
    m: s.getUTCMonth() + 1,
    d: s.getUTCDate(),
    hh: s.getUTCHours(),
    mm: s.getUTCMinutes(),
    ss: s.getUTCSeconds(),
  }
}

/** "2026-03-02T01:30:00Z" → "2026年3月2日 09:30". Unparseable input is returned as is. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const f = chinaFields(new Date(t))
  return `${f.y}年${f.m}月${f.d}日 ${pad(f.hh)}:${pad(f.mm)}`
}

/** "2026-03-02" (a calendar day) → "2026年3月2日"; a full timestamp gives its China day. */
export function formatDate(s: string | null | undefined): string {
  if (!s) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
  const t = Date.parse(s)
  if (Number.isNaN(t)) return s
  const f = chinaFields(new Date(t))
  return `${f.y}年${f.m}月${f.d}日`
}

/** China wall-clock "YYYY-MM-DDTHH:mm:ss" for an instant (default: now). */
export function chinaLocal(d: Date = new Date()): string {
  const f = chinaFields(d)
  return `${f.y}-${pad(f.m)}-${pad(f.d)}T${pad(f.hh)}:${pad(f.mm)}:${pad(f.ss)}`
}

/** Today in China, "YYYY-MM-DD". */
export function chinaToday(d: Date = new Date()): string {
  return chinaLocal(d).slice(0, 10)
}

/** China wall-clock "YYYY-MM-DDTHH:mm[:ss]" (or with a space) → RFC 3339 with +08:00. */
export function toRfc3339China(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/.exec(local.trim())
  if (!m) return local
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`
}

/** A file's size as 12 KB / 3.4 MB (at least 1 KB, so a small file never reads as empty). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** Days left (positive) or overdue (negative) as words. */
export function daysLeftText(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return ''
  const v = Number(n)
  if (v > 0) return `剩 ${v} 天`
  if (v === 0) return '今天到期'
  return `逾期 ${-v} 天`
}

/** 已逾期 5 天 / 今天到期 / 还剩 2 天 (the state label when no count is known). */
export function dueText(d: Deadline): string {
  const n = d.days_left
  if (n === null || n === undefined) return d.state_label
  if (n < 0) return `已逾期 ${-n} 天`
  if (n === 0) return '今天到期'
  return `还剩 ${n} 天`
}
