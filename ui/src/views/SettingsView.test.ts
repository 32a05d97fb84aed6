// 设置: a township edits the time limits and categories and saves only what
// changed; the core's refusal lands on the field it names; a village sees the
// limits and categories read-only (they come from the township) and saves only
// its committee name; a leader or viewer only reads; the latest changes are
// listed with who made them and whether they came from the township.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore, type Handler } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { session } from '../session'
import type { Account } from '../bindings/Account'
import type { LedgerSettings } from '../bindings/LedgerSettings'
import type { LimitBasis } from '../bindings/LimitBasis'
import type { SettingsChange } from '../bindings/SettingsChange'
import type { TimeLimits } from '../bindings/TimeLimits'
import SettingsView from './SettingsView.vue'
import { mayOf } from '../test/session'

const LAW: TimeLimits = {
  accept_days: 15, handle_days: 60, max_extension_days: 30, court_confirmation_days: 30, mediation_days: 30,
  revisit_after_days: 15, village_screening_days: 3, township_screening_days: 7,
}

/** As the core cites them (domain/deadlines.rs), for the statutory defaults. */
const BASES: LimitBasis[] = [
  { field: 'accept_days', label: '受理告知', basis: '法定 15 日（信访工作条例）' },
  { field: 'handle_days', label: '办结期限', basis: '法定 60 日（信访工作条例）' },
  { field: 'max_extension_days', label: '延期最多', basis: '法定不超过 30 日（信访工作条例）' },
  { field: 'court_confirmation_days', label: '申请司法确认', basis: '法定 30 日（人民调解法第三十三条）' },
  { field: 'mediation_days', label: '调解期限', basis: '一般一个月，30 日（人民调解工作若干规定）' },
  { field: 'revisit_after_days', label: '办结后回访', basis: '默认 15 日（本地做法）' },
  { field: 'village_screening_days', label: '村排查周期', basis: '默认 3 天一次（本地做法）' },
  { field: 'township_screening_days', label: '乡镇排查周期', basis: '默认 7 天一次（本地做法）' },
]

function ledgerSettings(over: Partial<LedgerSettings> = {}): LedgerSettings {
  return {
    time_limits: { ...LAW },
    default_time_limits: { ...LAW },
    categories: { disputes: ['邻里纠纷', '土地承包'], requests: ['低保', '民政救助'] },
    committee: '石岩',
    decided_here: true,
    history: [],
    limit_bases: BASES,
    ...over,
  }
}

const LI: Account = { account_id: 'acc-1', name: '李梅', role: 'liaison' }

async function mountSettings(as: Account, shown: LedgerSettings, handlers: Record<string, Handler> = {}) {
  session.value = {
    ledger: { set_up: true, unencrypted_ledger: false, accounts: [as.name] },
    account: as,
    may: mayOf(as.role), idle_minutes: 15,
  }
  const core = fakeCore({
    settings_show: () => shown,
    // The core's answer: what was given, changed.
    settings_set: (a) => {
      const c = a as SettingsChange
      return {
        ...shown,
        time_limits: c.time_limits ?? shown.time_limits,
        categories: c.categories ?? shown.categories,
        committee: c.committee ?? shown.committee,
      }
    },
    ...handlers,
  })
  const { w } = await mountView(SettingsView, '/settings', [{ path: '/settings', name: 'settings', component: SettingsView }])
  return { w, ...core }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const input = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!
const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
const fieldError = (testid: string) =>
  byTestId(testid)!.closest('.el-form-item')!.querySelector('[data-testid="field-error"]')?.textContent ?? ''
const tags = (list: string) =>
  Array.from(byTestId(`settings-categories-${list}`)!.querySelectorAll('[data-testid="settings-category"]')).map(
    (t) => t.textContent!.trim(),
  )

freshPageEachTest()
beforeEach(() => {
  session.value = null
})

describe('settings at a township', () => {
  it("lists the limits the core lists, with the core's names and bases", async () => {
    const bases: LimitBasis[] = [
      { field: 'handle_days', label: '办结', basis: '法定 60 日（某条例）' },
      { field: 'accept_days', label: '受理', basis: '法定 15 日（某条例）' },
    ]
    await mountSettings(LI, ledgerSettings({ limit_bases: bases }))
    const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="settings-limit-basis-"]'))
    expect(rows.map((r) => r.dataset.testid)).toEqual(['settings-limit-basis-handle_days', 'settings-limit-basis-accept_days'])
    expect(text('settings-limit-basis-accept_days')).toBe('法定 15 日（某条例）')
    expect(byTestId('settings-limits')!.textContent).toContain('办结')
    expect(input('settings-limit-handle_days').value).toBe('60')
  })

  it('shows each limit with its default and basis, and the committee’s agreement number', async () => {
    const { named } = await mountSettings(LI, ledgerSettings({ time_limits: { ...LAW, handle_days: 45 } }))
    expect(named('settings_show')).toHaveLength(1)
    expect(input('settings-limit-handle_days').value).toBe('45')
    expect(input('settings-limit-handle_days').disabled).toBe(false)
    expect(text('settings-limit-basis-handle_days')).toBe('法定 60 日（信访工作条例）')
    expect(text('settings-limit-basis-court_confirmation_days')).toContain('人民调解法第三十三条')
    expect(text('settings-limit-basis-village_screening_days')).toContain('本地做法')
    expect(byTestId('settings-from-township')).toBeNull()
    expect(tags('disputes')).toEqual(['邻里纠纷', '土地承包'])
    expect(tags('requests')).toEqual(['低保', '民政救助'])
    expect(text('settings-committee-example')).toMatch(/^（\d{4}）石岩人调字第1号$/)
    expect(byTestId('help-link')).not.toBeNull()
    expect(document.body.textContent).not.toMatch(/\b(undefined|null|NaN)\b/)
  })

  it('saves only the time limits when only a limit changed, and remembers who', async () => {
    const { named } = await mountSettings(LI, ledgerSettings())
    setInput('settings-limit-handle_days', '45')
    setInput('settings-actor', ' 王芳 ')
    click('settings-save')
    await settle()
    expect(named('settings_set').map((c) => c.args)).toEqual([
      { actor: '王芳', time_limits: { ...LAW, handle_days: 45 } },
    ])
    expect(text('settings-saved')).toContain('设置已保存')
    expect(input('settings-limit-handle_days').value).toBe('45')
    expect(localStorage.getItem('xinfang.actor')).toBe('王芳')
  })

  it('adds and removes categories and saves only them', async () => {
    const { named } = await mountSettings(LI, ledgerSettings())
    setInput('settings-category-new-disputes', ' 山林权属 ')
    click('settings-category-add-disputes')
    await flushPromises()
    expect(tags('disputes')).toEqual(['邻里纠纷', '土地承包', '山林权属'])
    // A name already in the other list is refused on the spot.
    setInput('settings-category-new-disputes', '低保')
    click('settings-category-add-disputes')
    await settle()
    expect(fieldError('settings-category-new-disputes')).toContain('“低保”已经在诉求类里了')
    byTestId('settings-categories-requests')!.querySelector<HTMLElement>('.el-tag__close')!.click()
    await flushPromises()
    expect(tags('requests')).toEqual(['民政救助'])
    setInput('settings-actor', '王芳')
    click('settings-save')
    await settle()
    expect(named('settings_set').map((c) => c.args)).toEqual([
      { actor: '王芳', categories: { disputes: ['邻里纠纷', '土地承包', '山林权属'], requests: ['民政救助'] } },
    ])
  })

  it('shows the core’s refusal of a limit on that limit', async () => {
    const beyond = '办结期限：不能超过 60 天（信访工作条例规定 60 日内）'
    await mountSettings(LI, ledgerSettings(), {
      settings_set: () => { throw { kind: 'invalid', message: beyond, field: 'handle_days' } },
    })
    setInput('settings-limit-handle_days', '90')
    setInput('settings-actor', '王芳')
    click('settings-save')
    await settle()
    expect(fieldError('settings-limit-handle_days')).toBe(beyond)
    expect(fieldError('settings-limit-accept_days')).toBe('')
    expect(byTestId('settings-error')).toBeNull()
    expect(byTestId('settings-saved')).toBeNull()
    expect(localStorage.getItem('xinfang.actor')).toBeNull()
  })

  it('shows a refusal naming no field above the button, and asks nothing when nothing changed', async () => {
    const { named } = await mountSettings(LI, ledgerSettings(), {
      settings_set: () => { throw { kind: 'internal', message: '保存失败', field: null } },
    })
    setInput('settings-actor', '王芳')
    click('settings-save')
    await settle()
    expect(named('settings_set')).toHaveLength(0)
    expect(text('settings-error')).toBe('没有修改任何设置。')
    setInput('settings-committee', '石岩乡')
    click('settings-save')
    await settle()
    expect(named('settings_set').map((c) => c.args)).toEqual([{ actor: '王芳', committee: '石岩乡' }])
    expect(text('settings-error')).toBe('保存失败')
  })
})

describe('settings at a village', () => {
  it('shows limits and categories read-only and saves only the committee', async () => {
    const { named } = await mountSettings(LI, ledgerSettings({ decided_here: false, committee: '石岩哨' }))
    expect(text('settings-from-township')).toBe('由乡镇信访办设置，随同步更新')
    for (const f of Object.keys(LAW)) expect(input(`settings-limit-${f}`).disabled, f).toBe(true)
    expect(byTestId('settings-category-add-disputes')).toBeNull()
    expect(byTestId('settings-category-new-requests')).toBeNull()
    expect(document.querySelector('.el-tag__close')).toBeNull()
    expect(tags('disputes')).toEqual(['邻里纠纷', '土地承包'])
    expect(input('settings-committee').disabled).toBe(false)

    setInput('settings-committee', ' 石岩哨村 ')
    await flushPromises()
    expect(text('settings-committee-example')).toMatch(/^（\d{4}）石岩哨村人调字第1号$/)
    setInput('settings-actor', '李梅')
    click('settings-save')
    await settle()
    expect(named('settings_set').map((c) => c.args)).toEqual([{ actor: '李梅', committee: '石岩哨村' }])
    expect(input('settings-committee').value).toBe('石岩哨村')
  })
})

describe('settings for a leader or viewer', () => {
  for (const role of ['leader', 'viewer'] as const) {
    it(`a ${role} sees everything read-only, with no save`, async () => {
      const { named } = await mountSettings({ account_id: 'acc-9', name: '赵主任', role }, ledgerSettings())
      expect(byTestId('settings-save')).toBeNull()
      expect(byTestId('settings-actor')).toBeNull()
      expect(byTestId('settings-readonly')).not.toBeNull()
      expect(input('settings-limit-handle_days').disabled).toBe(true)
      expect(input('settings-committee').disabled).toBe(true)
      expect(byTestId('settings-category-add-disputes')).toBeNull()
      expect(tags('requests')).toEqual(['低保', '民政救助'])
      expect(named('settings_set')).toHaveLength(0)
    })
  }
})

describe('the latest changes', () => {
  it('lists when, what and who, and what came from the township', async () => {
    await mountSettings(LI, ledgerSettings({
      decided_here: false,
      history: [
        { key: 'committee', set_at: '2026-05-06T01:30:00Z', set_by: '李梅', account: '李梅', from_township: false },
        { key: 'time_limits', set_at: '2026-05-05T02:00:00Z', set_by: '王芳', account: '张强', from_township: true },
        { key: 'categories', set_at: '2026-05-04T02:00:00Z', set_by: '王芳', account: null, from_township: true },
      ],
    }))
    const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="settings-history-row"]')).map((r) => ({
      when: r.querySelector('[data-testid="settings-history-when"]')!.textContent!.trim(),
      what: r.querySelector('[data-testid="settings-history-what"]')!.textContent!.trim(),
      who: r.querySelector('[data-testid="settings-history-who"]')!.textContent!.trim(),
      township: !!r.querySelector('[data-testid="settings-history-township"]'),
    }))
    expect(rows).toEqual([
      { when: '2026年5月6日 09:30', what: '调解委员会简称', who: '李梅', township: false },
      { when: '2026年5月5日 10:00', what: '办理期限', who: '王芳（账号：张强）', township: true },
      { when: '2026年5月4日 10:00', what: '类别清单', who: '王芳', township: true },
    ])
    expect(text('settings-history')).toContain('乡镇下发')
  })

  it('says why the page could not be read', async () => {
    await mountSettings(LI, ledgerSettings(), {
      settings_show: () => { throw { kind: 'internal', message: '读取设置失败', field: null } },
    })
    expect(text('settings-load-error')).toBe('读取设置失败')
    expect(byTestId('settings-save')).toBeNull()
  })
})
