// The labels of the 检举、揭发 mark: its case events, its change-log entity
// and what of such a case was looked at, each in words.
import { describe, expect, it } from 'vitest'
import { VIEWED_PART, changeLabel, eventLabel } from './labels'
import type { ViewedPart } from './bindings/ViewedPart'

describe('labels', () => {
  it('names the 检举、揭发 events, the look at such a case, and every part looked at', () => {
    expect(eventLabel('mark_confidential')).toBe('标记为检举、揭发事项')
    expect(eventLabel('unmark_confidential')).toBe('取消检举、揭发标记')
    expect(changeLabel('case_view', 'insert')).toBe('查看检举、揭发事项：新增')
    const parts: ViewedPart[] = ['case', 'agreement', 'attachment']
    expect(Object.keys(VIEWED_PART).sort()).toEqual([...parts].sort())
    expect(parts.map((p) => VIEWED_PART[p])).toEqual(['查看事项', '查看调解协议', '查看附件'])
  })
})
