import { describe, expect, it } from 'vitest'
import { chinaLocal, chinaToday, daysLeftText, dueText, formatDate, formatDateTime, formatSize, toRfc3339China } from './format'
import type { Deadline } from './bindings/Deadline'

describe('format', () => {
  it('shows a UTC instant in China time, Chinese style', () => {
    expect(formatDateTime('2026-03-02T01:30:00Z')).toBe('2026年3月2日 09:30')
    expect(formatDateTime('2026-03-02T09:30:00+08:00')).toBe('2026年3月2日 09:30')
    // Crosses midnight into the next China day.
    expect(formatDateTime('2026-12-31T17:05:00Z')).toBe('2027年1月1日 01:05')
  })
  it('shows calendar days without shifting them', () => {
    expect(formatDate('2026-03-02')).toBe('2026年3月2日')
    expect(formatDate('2026-11-23T20:00:00Z')).toBe('2026年11月24日')
    expect(formatDate(null)).toBe('')
  })
  it('sends wall clock times with +08:00', () => {
    expect(toRfc3339China('2026-03-02T09:30:00')).toBe('2026-03-02T09:30:00+08:00')
    expect(toRfc3339China('2026-03-02 09:30')).toBe('2026-03-02T09:30:00+08:00')
  })
  it('knows China now and today regardless of the machine zone', () => {
    const d = new Date('2026-11-23T16:30:15Z')
    expect(chinaLocal(d)).toBe('2026-11-24T00:30:15')
    expect(chinaToday(d)).toBe('2026-11-24')
  })
  it('gives a file size in KB below a megabyte, never 0 KB', () => {
    expect(formatSize(10)).toBe('1 KB')
    expect(formatSize(300 * 1024)).toBe('300 KB')
    expect(formatSize(3.45 * 1024 * 1024)).toBe('3.5 MB')
  })
  it('words days left and overdue', () => {
    expect(daysLeftText(5)).toBe('剩 5 天')
    expect(daysLeftText(0)).toBe('今天到期')
    expect(daysLeftText(-3)).toBe('逾期 3 天')
    expect(daysLeftText(null)).toBe('')
  })
  it('words a deadline for 工作台 and 排查, falling back to its state when no count is known', () => {
    const d: Deadline = {
      rule: 'handle', title: '办结期限', basis: '', from: '2026-03-02', days: 60, due_on: '2026-05-01',
      state: 'overdue', state_label: '已逾期', days_left: -5, paper_due: null,
    }
    expect(dueText(d)).toBe('已逾期 5 天')
    expect(dueText({ ...d, days_left: 0 })).toBe('今天到期')
    expect(dueText({ ...d, days_left: 2 })).toBe('还剩 2 天')
    expect(dueText({ ...d, state: 'met', state_label: '按期完成', days_left: null })).toBe('按期完成')
  })
})
