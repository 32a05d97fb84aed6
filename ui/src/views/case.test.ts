import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { pickAttachment, pickFolder } from '../pickers'
import { session } from '../session'
import CaseView from './CaseView.vue'
import type { CaseDetail } from '../bindings/CaseDetail'
import type { AgreementView } from '../bindings/AgreementView'
import type { CaseEvent } from '../bindings/CaseEvent'
import type { RouteStep } from '../bindings/RouteStep'
import type { Step } from '../bindings/Step'
import type { StepState } from '../bindings/StepState'
import { mayOf } from '../test/session'

const detail: CaseDetail = {
  case: {
    id: 'c1', number: '石岩哨村信〔2026〕第3号', village: '石岩哨村', group: '三组', channel: 'visit', category: '土地承包',
    request: '反映承包地被他人占用葬坟，要求处理。', urgency: 'normal', received_at: '2026-03-02T01:30:00Z',
    received_by: '李某', step: 'registered', route: 'five_step', outcome: 'in_progress', extension_days: null,
    extension_reason: null, accepted_on: null, handled_on: null, revisited_on: null, closed_on: null, created_by: 'd1', created_at: '2026-03-02T01:31:00Z',
    updated_at: '2026-03-02T01:31:00Z', voided_at: null, void_reason: null, assigned_to: null, confidential: false,
  },
  visits: [{
    id: 'v1', channel: 'visit', received_at: '2026-03-02T01:30:00Z', headcount: 1, request: '反映承包地被他人占用葬坟，要求处理。',
    received_by: '李某', facts: null, measures: null, is_repeat: false,
    petitioners: [{
      representative: false, id: 'p1', name: '王某', gender: 'female', birth_date: '1980-01-01',
      id_number_masked: '522728********0020', phone_masked: '138****5678', village: '石岩哨村', group: '三组', address: null, ethnicity: null, occupation: null,
    }],
  }],
  events: [{ id: 'e1', case_id: 'c1', action: 'register', happened_on: '2026-03-02', actor: '李某', note: null, created_at: '2026-03-02T01:31:00Z' }],
  deadlines: [{
    rule: 'accept', title: '受理告知', basis: '信访工作条例：15 日内告知是否受理', from: '2026-03-02', days: 15,
    due_on: '2026-03-17', state: 'overdue', state_label: '已逾期', days_left: -3, paper_due: '书面告知：受理告知书、转送告知书、法定途径告知书或不予受理告知书（登记送达日期）',
  }],
  agreements: [],
  revisits: [],
  people: [],
  attachments: [],
  signed_scan_missing: [],
  resident_cases: [],
  resident_differences: [],
  papers: [],
  // As the core decides them for a new case (domain/lifecycle.rs).
  allowed_actions: ['commission', 'settle_on_spot', 'direct_to_legal_route', 'extend'], agreement_due: false,
  steps: [
    step('registered', '登记备案', 'done', { id: 'e1', case_id: 'c1', action: 'register', happened_on: '2026-03-02', actor: '李某', note: null, created_at: '2026-03-02T01:31:00Z' }),
    step('commissioned', '委托', 'current'),
    step('carried_up', '代言代访', 'waiting'),
    step('fed_back', '反馈结果', 'waiting'),
    step('revisited', '回访巩固', 'waiting'),
  ],
}

function step(s: Step, title: string, state: StepState, event: CaseEvent | null = null, extra: Partial<RouteStep> = {}): RouteStep {
  return { step: s, title, state, event, count: event ? 1 : 0, skipped_because: null, ...extra }
}

function agreement(id: string, version: number, status: 'draft' | 'signed' | 'superseded', label: string, extra: Partial<AgreementView['agreement']> = {}): AgreementView {
  return {
    agreement: {
      id, case_id: 'c1', number: '（2026）石岩哨村人调字第1号', version, supersedes_id: null, form: 'written', status,
      content: { party_ids: [], facts: '', responsibilities: '', terms: [], performance: '', copies: 3, mediators: [], recorder: '' },
      signed_on: '2026-03-05', correction_reason: null, created_by: '李某', signed_by: '李某', created_at: '', updated_at: '', ...extra,
    },
    parties: [], case_number: '石岩哨村信〔2026〕第3号', status_label: label, fingerprint: '3F2A-9C1B-77D0-E412', prints: [], party_gaps: [], sign_gaps: [], confirmation: null,
  }
}

/** A settled case: two agreement versions (the first corrected), one revisit, closed. */
const settled: CaseDetail = {
  ...detail,
  case: { ...detail.case, route: 'settled_on_spot', step: 'revisited', outcome: 'resolved', extension_days: 20, extension_reason: '需现场勘测', handled_on: '2026-03-04', closed_on: '2026-03-20' },
  events: [
    detail.events[0],
    { id: 'e2', case_id: 'c1', action: 'extend', happened_on: '2026-03-03', actor: '李某', note: null, created_at: '' },
    { id: 'e3', case_id: 'c1', action: 'settle_on_spot', happened_on: '2026-03-04', actor: '张调解', note: '双方当面调解', created_at: '' },
    { id: 'e4', case_id: 'c1', action: 'agreement_sign', happened_on: '2026-03-05', actor: '张调解', note: '（2026）石岩哨村人调字第1号', created_at: '' },
    { id: 'e5', case_id: 'c1', action: 'revisit', happened_on: '2026-03-15', actor: '李某', note: '回访王某', created_at: '' },
    { id: 'e6', case_id: 'c1', action: 'close', happened_on: '2026-03-20', actor: '李某', note: null, created_at: '' },
  ],
  agreements: [
    agreement('a1', 1, 'superseded', '已被更正'),
    agreement('a2', 2, 'signed', '已签订', { supersedes_id: 'a1', correction_reason: '补偿金额写错', signed_on: '2026-03-06' }),
  ],
  // Closed: the core allows no transition (a revisit has its own form).
  allowed_actions: [], agreement_due: false,
  steps: [
    detail.steps[0],
    step('commissioned', '委托', 'skipped', null, { skipped_because: '已本级调处，不经此步' }),
    step('carried_up', '代言代访', 'skipped', null, { skipped_because: '已本级调处，不经此步' }),
    step('fed_back', '反馈结果', 'skipped', null, { skipped_because: '已本级调处，不经此步' }),
    step('revisited', '回访巩固', 'done', { id: 'e5', case_id: 'c1', action: 'revisit', happened_on: '2026-03-15', actor: '李某', note: '回访王某', created_at: '' }),
  ],
  revisits: [{
    id: 'r1', case_id: 'c1', agreement_id: 'a2', visited_on: '2026-03-15', method: 'phone', visitor: '李某', visitee: '王某',
    performance: '补偿款已付清', satisfaction: 'mostly_satisfied', new_problems: null, stopped: true, next_due_on: '2026-04-15', created_at: '',
  }],
}

function mountCase() {
  return mountView(CaseView, '/case/c1', [
    { path: '/case/:id', component: CaseView, props: true },
    { path: '/case/:id/revisit', component: { template: '<div />' } },
    { path: '/case/:id/agreement/new', component: { template: '<div />' } },
    { path: '/agreement/:id', component: { template: '<div />' } },
    { path: '/intake', component: { template: '<div />' } },
    { path: '/ledger', component: { template: '<div />' } },
  ], { id: 'c1' })
}

// The system's file chooser: each test says what the user picks.
vi.mock('../pickers', () => ({ pickAttachment: vi.fn(), pickFolder: vi.fn() }))

freshPageEachTest()
beforeEach(() => {
  vi.mocked(pickAttachment).mockReset()
  vi.mocked(pickFolder).mockReset()
})

describe('case page', () => {
  it('shows the case in Chinese, the five steps, and offers only what fits a new case', async () => {
    fakeCore({ case_show: () => detail })
    const { w } = await mountCase()
    expect(w.find('[data-testid="case-number"]').text()).toBe('石岩哨村信〔2026〕第3号')
    expect(w.find('[data-testid="case-request"]').text()).toContain('葬坟')
    expect(w.find('[data-testid="case-petitioners"]').text()).toBe('王某')
    const text = document.body.textContent ?? ''
    for (const s of ['2026年3月2日 09:30', '登记备案', '五步法代办', '正在化解', '522728********0020', '女', '已逾期', '逾期 3 天', '信访工作条例'])
      expect(text).toContain(s)
    const steps = w.findAll('[data-testid^="timeline-step-"]')
    expect(steps.map((s) => s.find('.step-title').text())).toEqual(['登记备案', '委托', '代言代访', '反馈结果', '回访巩固'])
    expect(steps.map((s) => s.attributes('data-state'))).toEqual(['done', 'current', 'waiting', 'waiting', 'waiting'])
    expect(steps[0].text()).toContain('2026年3月2日')
    expect(steps[0].text()).toContain('接待人：李某')

    const offered = w.findAll('[data-testid^="case-action-"]').map((b) => b.attributes('data-testid'))
    expect(offered).toEqual(['case-action-commission', 'case-action-settle_on_spot', 'case-action-direct_to_legal_route', 'case-action-extend'])
    expect(w.find('[data-testid="case-action-revisit"]').exists()).toBe(false)
    const link = w.find('a[data-testid="case-revisit-add"]')
    expect(link.text()).toBe('登记回访')
    expect(link.attributes('href')).toContain('/case/c1/revisit')
    expect(w.find('[data-testid="case-repeat-visit"]').text()).toBe('再次来访（重复访）')
    expect(w.find('[data-testid="case-agreement-new"]').text()).toBe('制作调解协议')
  })

  it('asks for the two-way commitment before 委托, then sends it, and shows a refusal', async () => {
    const { calls } = fakeCore({
      case_show: () => detail,
      case_transition: () => { throw { kind: 'refused', message: '“委托”须在“登记备案”之后进行，本件当前处于“委托”。', field: null } },
    })
    const { w } = await mountCase()
    await w.find('button[data-testid="case-action-commission"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('.el-dialog')!
    expect(dialog.textContent).toContain('双向承诺书')
    expect(document.querySelector<HTMLInputElement>('input[data-testid="transition-on"]')!.value).toBe('2026年5月6日')
    setInput('transition-actor', '李某')
    document.querySelector<HTMLButtonElement>('button[data-testid="transition-submit"]')!.click()
    await flushPromises()
    expect(calls.some((c) => c.name === 'case_transition')).toBe(false)
    await new Promise((r) => setTimeout(r, 250)) // Element Plus shows form-item errors after a short debounce
    await flushPromises()
    expect(dialog.querySelector('[data-testid="field-error"]')?.textContent).toContain('双向承诺书')

    document.querySelector<HTMLElement>('[data-testid="transition-commitment"] input')!.click()
    await flushPromises()
    document.querySelector<HTMLButtonElement>('button[data-testid="transition-submit"]')!.click()
    await flushPromises()
    expect(calls.find((c) => c.name === 'case_transition')?.args).toEqual({
      id: 'c1', transition: { action: 'commission' }, actor: '李某', on: '2026-05-06',
    })
    expect(document.querySelector('[data-testid="transition-error"]')?.textContent).toContain('本件当前处于“委托”')
  })

  it('shows settling on the spot, the extension, closing, both agreement versions and the revisit', async () => {
    fakeCore({ case_show: () => settled })
    const { w } = await mountCase()
    const states = w.findAll('[data-testid^="timeline-step-"]').map((s) => s.attributes('data-state'))
    expect(states).toEqual(['done', 'skipped', 'skipped', 'skipped', 'done'])
    expect(w.find('[data-testid="timeline-step-commissioned"]').text()).toContain('已本级调处，不经此步')
    expect(w.find('[data-testid="timeline-step-revisited"]').text()).toContain('2026年3月15日')
    expect(w.find('[data-testid="timeline-route"]').text()).toContain('本级调处')
    expect(w.find('[data-testid="timeline-route"]').text()).toContain('张调解')
    expect(w.find('[data-testid="timeline-extend"]').text()).toContain('延期 20 天')
    expect(w.find('[data-testid="timeline-extend"]').text()).toContain('需现场勘测')
    expect(w.find('[data-testid="timeline-close"]').text()).toContain('结案：化解')
    expect(w.find('[data-testid="timeline-close"]').text()).toContain('2026年3月20日')
    // Closed: nothing more to offer but a revisit.
    expect(w.findAll('[data-testid^="case-action-"]')).toHaveLength(0)
    expect(w.find('[data-testid="case-revisit-add"]').exists()).toBe(true)

    const rows = w.findAll('[data-testid="case-agreement"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('第 2 版')
    expect(rows[0].text()).toContain('已签订')
    expect(rows[0].text()).toContain('补偿金额写错')
    expect(rows[1].text()).toContain('第 1 版')
    expect(rows[1].text()).toContain('已被更正')
    expect(rows[1].text()).toContain('（2026）石岩哨村人调字第1号')
    expect(rows[1].find('a').attributes('href')).toContain('/agreement/a1')
    expect(w.find('[data-testid="case-agreement-new"]').exists()).toBe(false)

    const rv = w.find('[data-testid="case-revisit"]').text()
    for (const s of ['2026年3月15日', '电话回访', '李某', '王某', '补偿款已付清', '基本满意', '是', '2026年4月15日']) expect(rv).toContain(s)
    const events = w.findAll('[data-testid="case-event"]').map((e) => e.text())
    expect(events.some((e) => e.includes('签订调解协议') && e.includes('张调解'))).toBe(true)
  })
})

describe('case page: the rules are the core\'s', () => {
  it('offers exactly the actions the core allows, in its order, and lays out its five steps as given', async () => {
    // A state the page could not work out from the case row: the core says
    // only 结案 and 延期 now, and that the third step is the current one.
    fakeCore({
      case_show: () => ({
        ...detail,
        allowed_actions: ['close', 'extend'], agreement_due: false,
        steps: [
          detail.steps[0],
          step('commissioned', '委托', 'skipped', null, { skipped_because: '已导入法律程序，不经此步' }),
          step('carried_up', '代言代访', 'current'),
          step('fed_back', '反馈结果', 'waiting'),
          step('revisited', '回访巩固', 'done', { id: 'e9', case_id: 'c1', action: 'revisit', happened_on: '2026-03-09', actor: '张某', note: null, created_at: '' }, { count: 3 }),
        ],
      }),
    })
    const { w } = await mountCase()
    const offered = w.findAll('[data-testid^="case-action-"]')
    expect(offered.map((b) => b.attributes('data-testid'))).toEqual(['case-action-close', 'case-action-extend'])
    expect(offered.map((b) => b.text())).toEqual(['结案', '延期'])
    const steps = w.findAll('[data-testid^="timeline-step-"]')
    expect(steps.map((s) => s.attributes('data-state'))).toEqual(['done', 'skipped', 'current', 'waiting', 'done'])
    expect(steps[1].text()).toContain('已导入法律程序，不经此步')
    expect(steps[2].text()).toContain('下一步')
    expect(steps[3].text()).toContain('未到')
    expect(steps[4].text()).toContain('2026年3月9日')
    expect(steps[4].text()).toContain('经办人：张某')
    expect(steps[4].text()).toContain('共回访 3 次')
  })

  it('after 本级调处 offers the agreement first when the core says it is due, and names the day by the route', async () => {
    fakeCore({
      case_show: () => ({
        ...detail,
        case: { ...detail.case, route: 'settled_on_spot', handled_on: '2026-03-05' },
        allowed_actions: ['close'], agreement_due: true,
        steps: [detail.steps[0], step('commissioned', '委托', 'skipped'), step('carried_up', '代言代访', 'skipped'),
          step('fed_back', '反馈结果', 'skipped'), step('revisited', '回访巩固', 'current')],
      }),
    })
    const { w } = await mountCase()
    const bar = w.findAll('.actions .el-button').map((b) => b.text()).filter(Boolean)
    expect(bar[0]).toBe('制作调解协议')
    expect(w.find('[data-testid="case-next-agreement"]').classes()).not.toContain('is-plain')
    // 结案 is still the core's to allow, but not the one highlighted.
    expect(w.find('[data-testid="case-action-close"]').classes()).toContain('is-plain')
    expect(w.find('[data-testid="case-step"]').text()).toBe('制作调解协议')
    const text = document.body.textContent ?? ''
    expect(text).toContain('本级调处日期')
    expect(text).not.toContain('办理完毕')
  })

  it('offers the two-way commitment to print from the 委托 dialog that requires it', async () => {
    const { calls } = fakeCore({
      case_show: () => detail,
      print_preview: () => ({ title: '群众信访双向承诺书', pages: [], fingerprint: null }),
      print_targets: () => ({ printers: [], problem: null, folder: '/home/li/文档' }),
      sync_places: () => [],
    })
    const { w } = await mountCase()
    await w.find('button[data-testid="case-action-commission"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLButtonElement>('button[data-testid="transition-print-commitment"]')!.click()
    await flushPromises()
    expect(calls.find((c) => c.name === 'print_preview')?.args).toEqual({ request: { document: 'commitment', case_id: 'c1' } })
    // The 委托 dialog stays open behind the print dialog, to be ticked once signed.
    expect(document.querySelector('[data-testid="transition-commitment"]')).not.toBeNull()
  })

  it('offers nothing when the core allows nothing, and still links to 登记回访', async () => {
    fakeCore({ case_show: () => ({ ...detail, allowed_actions: [] }) })
    const { w } = await mountCase()
    expect(w.findAll('[data-testid^="case-action-"]')).toHaveLength(0)
    expect(w.find('[data-testid="case-revisit-add"]').exists()).toBe(true)
  })
})

describe('case page at the township', () => {
  it('offers 交办 only at the township, sends it and shows whom the case went to', async () => {
    const { device } = await import('../device')
    device.value = { device_id: 'd1', role: 'village', name: '石岩哨村', created_at: '' }
    fakeCore({ case_show: () => detail })
    const village = await mountCase()
    expect(village.w.find('[data-testid="case-assign"]').exists()).toBe(false)
    village.w.unmount()

    device.value = { device_id: 't1', role: 'township', name: '路居镇', created_at: '' }
    const assigned: CaseDetail = {
      ...detail,
      case: { ...detail.case, assigned_to: '镇农业农村办' },
      events: [...detail.events, { id: 'e2', case_id: 'c1', action: 'assign', happened_on: '2026-03-04', actor: '王某', note: '交办给镇农业农村办', created_at: '' }],
    }
    const core = fakeCore({ case_show: () => detail, case_assign: () => assigned })
    const { w } = await mountCase()
    await w.get('[data-testid="case-assign"]').trigger('click')
    await flushPromises()
    setInput('assign-to', '镇农业农村办')
    document.querySelector<HTMLElement>('[data-testid="assign-submit"]')!.click()
    await flushPromises()
    expect(core.named('case_assign')[0].args).toMatchObject({ id: 'c1', to: '镇农业农村办' })
    expect(w.get('[data-testid="case-assigned-to"]').text()).toBe('镇农业农村办')
    expect(document.body.textContent).toContain('交办给镇农业农村办')
    device.value = null
  })
})

describe('case page attachments', () => {
  const scan = {
    id: 'f1', case_id: 'c1', agreement_id: 'a2', revisit_id: null, kind: 'signed_agreement' as const, kind_label: '签字协议书',
    caption: '双方签字页', file_name: '协议书.jpg', media_type: 'image/jpeg', size: 2_400_000, hash: 'ab', added_by: '李某',
    added_at: '2026-03-06T02:00:00Z', voided_at: null, void_reason: null, present: false,
  }

  it('says which signed agreement lacks its scan and attaches one to that version', async () => {
    let shown: CaseDetail = { ...settled, signed_scan_missing: ['a2'] }
    const core = fakeCore({
      case_show: () => shown,
      attachment_add: (a) => {
        if (String(a.path).endsWith('.exe')) throw { kind: 'invalid', message: '文件：只能添加照片（JPG、PNG、HEIC、WebP）、扫描件（TIFF）或 PDF 文件', field: 'path' }
        shown = { ...settled, attachments: [scan], signed_scan_missing: [] }
        return scan
      },
    })
    await mountCase()
    expect(document.querySelector('[data-testid="attachment-missing-scan"]')!.textContent).toContain('（2026）石岩哨村人调字第1号 第 2 版')
    ;(document.querySelector('[data-testid="attachment-add-scan"]') as HTMLElement).click()
    await flushPromises()
    setInput('attachment-path', '/media/u/setup.exe')
    setInput('attachment-actor', '李某')
    ;(document.querySelector('[data-testid="attachment-submit"]') as HTMLElement).click()
    await settle()
    expect(document.querySelector('[data-testid="field-error"]')!.textContent).toContain('只能添加照片')
    setInput('attachment-path', '/media/u/协议书.jpg')
    setInput('attachment-caption', '双方签字页')
    ;(document.querySelector('[data-testid="attachment-submit"]') as HTMLElement).click()
    await flushPromises()
    expect(core.named('attachment_add')[1].args).toEqual({
      case_id: 'c1', path: '/media/u/协议书.jpg', kind: 'signed_agreement', agreement_id: 'a2', caption: '双方签字页', actor: '李某',
    })
    expect(document.querySelector('[data-testid="attachment-missing-scan"]')).toBeNull()
    expect(document.querySelector('[data-testid="attachment-name"]')!.textContent).toBe('协议书.jpg')
    expect(document.querySelector('[data-testid="attachment-absent"]')!.textContent).toContain('尚未同步')
  })

  it('attaches the file chosen in the system\'s file chooser; a cancelled chooser changes nothing', async () => {
    let shown: CaseDetail = settled
    const photo = { ...scan, agreement_id: null, kind: 'evidence' as const, kind_label: '证据材料', caption: null, file_name: 'IMG_0001.JPG' }
    const core = fakeCore({
      case_show: () => shown,
      attachment_add: () => {
        shown = { ...settled, attachments: [photo] }
        return photo
      },
    })
    await mountCase()
    ;(document.querySelector('[data-testid="attachment-add"]') as HTMLElement).click()
    await flushPromises()
    const path = () => document.querySelector<HTMLInputElement>('[data-testid="attachment-path"]')!.value
    setInput('attachment-path', '/media/u/旧.jpg')
    setInput('attachment-actor', '李某')

    vi.mocked(pickAttachment).mockResolvedValueOnce(null)
    ;(document.querySelector('[data-testid="attachment-pick"]') as HTMLElement).click()
    await flushPromises()
    expect(pickAttachment).toHaveBeenCalledWith('/media/u/旧.jpg') // opens where the typed path points
    expect(path()).toBe('/media/u/旧.jpg')
    expect(core.named('attachment_add')).toHaveLength(0)

    vi.mocked(pickAttachment).mockResolvedValueOnce('/media/u/DCIM/IMG_0001.JPG')
    ;(document.querySelector('[data-testid="attachment-pick"]') as HTMLElement).click()
    await flushPromises()
    expect(path()).toBe('/media/u/DCIM/IMG_0001.JPG')
    ;(document.querySelector('[data-testid="attachment-submit"]') as HTMLElement).click()
    await flushPromises()
    expect(core.named('attachment_add').map((c) => c.args)).toEqual([
      { case_id: 'c1', path: '/media/u/DCIM/IMG_0001.JPG', kind: 'evidence', actor: '李某' },
    ])
    expect(document.querySelector('[data-testid="attachment-name"]')!.textContent).toBe('IMG_0001.JPG')
  })

  it('saves a copy into the folder chosen in the system\'s chooser, starting from the one suggested', async () => {
    const core = fakeCore({
      case_show: () => ({ ...settled, attachments: [{ ...scan, present: true }] }),
      print_targets: () => ({ printers: [], problem: null, folder: '/media/u' }),
      attachment_extract: (a) => ({ path: `${a.folder}/协议书.jpg`, size: 2_400_000 }),
    })
    await mountCase()
    ;(document.querySelector('[data-testid="attachment-extract"]') as HTMLElement).click()
    await flushPromises()
    vi.mocked(pickFolder).mockResolvedValueOnce('/media/u/KINGSTON/协议')
    ;(document.querySelector('[data-testid="attachment-folder-pick"]') as HTMLElement).click()
    await flushPromises()
    expect(vi.mocked(pickFolder).mock.calls[0][1]).toBe('/media/u')
    ;(document.querySelector('[data-testid="attachment-extract-submit"]') as HTMLElement).click()
    await flushPromises()
    expect(core.named('attachment_extract')[0].args).toEqual({ id: 'f1', folder: '/media/u/KINGSTON/协议' })
    expect(document.querySelector('[data-testid="attachment-saved"]')!.textContent).toContain('/media/u/KINGSTON/协议/协议书.jpg')
  })

  it('saves a copy of a file that is here into the folder typed', async () => {
    const core = fakeCore({
      case_show: () => ({ ...settled, attachments: [{ ...scan, present: true }] }),
      print_targets: () => ({ printers: [], problem: null, folder: '/media/u' }),
      attachment_extract: (a) => ({ path: `${a.folder}/协议书.jpg`, size: 2_400_000 }),
    })
    await mountCase()
    ;(document.querySelector('[data-testid="attachment-extract"]') as HTMLElement).click()
    await flushPromises()
    ;(document.querySelector('[data-testid="attachment-extract-submit"]') as HTMLElement).click()
    await flushPromises()
    expect(core.named('attachment_extract')[0].args).toEqual({ id: 'f1', folder: '/media/u' })
    expect(document.querySelector('[data-testid="attachment-saved"]')!.textContent).toContain('/media/u/协议书.jpg')
  })

  const photo = { ...scan, id: 'f2', agreement_id: null, kind: 'evidence' as const, kind_label: '证据材料', caption: '现场照片', file_name: '现场.jpg', present: true }
  const dataUrl = 'data:image/jpeg;base64,/9j/4AAQSkZJRg=='

  it('shows a thumbnail of a photo here and opens it larger; 关闭 and Esc close it', async () => {
    const core = fakeCore({
      case_show: () => ({ ...settled, attachments: [photo] }),
      attachment_preview: (a) => ({ id: a.id, media_type: 'image/jpeg', width: 1600, height: 1067, data_url: dataUrl }),
    })
    await mountCase()
    expect(core.named('attachment_preview').map((c) => c.args)).toEqual([{ id: 'f2' }])
    const thumb = document.querySelector('[data-testid="attachment-thumb"]') as HTMLElement
    expect(thumb.querySelector('img')!.getAttribute('src')).toBe(dataUrl)
    expect(thumb.querySelector('img')!.getAttribute('alt')).toBe('现场照片')

    const viewer = () => document.querySelector<HTMLElement>('[data-testid="attachment-viewer"]')
    const isOpen = () => !!viewer() && viewer()!.closest<HTMLElement>('.el-overlay')!.style.display !== 'none'
    thumb.click()
    await flushPromises()
    expect(isOpen()).toBe(true)
    expect(viewer()!.textContent).toContain('现场照片')
    expect(viewer()!.textContent).toContain('1600 × 1067 像素的显示副本')
    expect(document.querySelector('[data-testid="attachment-viewer-image"]')!.getAttribute('src')).toBe(dataUrl)
    ;(document.querySelector('[data-testid="attachment-viewer-close"]') as HTMLElement).click()
    await settle()
    expect(isOpen()).toBe(false)

    thumb.click()
    await flushPromises()
    expect(isOpen()).toBe(true)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await settle()
    expect(isOpen()).toBe(false)
    expect(core.named('attachment_preview')).toHaveLength(1)
  })

  it('says why there is no picture: HEIC, not yet on this computer; asks nothing for a PDF', async () => {
    const heic = { ...photo, id: 'f3', file_name: 'IMG_0001.HEIC', media_type: 'image/heic' }
    const absent = { ...photo, id: 'f4', present: false }
    const pdf = { ...photo, id: 'f5', file_name: '收据.pdf', media_type: 'application/pdf' }
    const core = fakeCore({
      case_show: () => ({ ...settled, attachments: [heic, absent, pdf] }),
      attachment_preview: () => {
        throw { kind: 'refused', message: 'HEIC 照片无法在本机预览，可另存后用其他软件查看。', field: null }
      },
    })
    await mountCase()
    expect(core.named('attachment_preview').map((c) => c.args)).toEqual([{ id: 'f3' }])
    const rows = [...document.querySelectorAll('[data-testid="attachment"]')]
    expect(rows[0].querySelector('[data-testid="attachment-no-preview"]')!.textContent).toBe('HEIC 照片无法在本机预览，可另存后用其他软件查看。')
    expect(rows[1].querySelector('[data-testid="attachment-absent"]')!.textContent).toBe('文件尚未同步到本机')
    expect(rows[1].querySelector('[data-testid="attachment-extract"]')).toBeNull()
    expect(rows[2].querySelector('.preview')!.textContent!.trim()).toBe('')
    expect(document.querySelector('[data-testid="attachment-thumb"]')).toBeNull()
  })
})

describe('case page: 检举、揭发', () => {
  const signIn = (role: 'liaison' | 'clerk' | 'leader' | 'viewer') => {
    session.value = {
      ledger: { set_up: true, unencrypted_ledger: false, accounts: ['王干事'] },
      account: { account_id: 'acc-1', name: '王干事', role }, may: mayOf(role), idle_minutes: 15,
    }
  }
  afterEach(() => {
    session.value = null
  })

  const markEvent = { id: 'e2', case_id: 'c1', action: 'mark_confidential', happened_on: '2026-05-06', actor: '王干事', note: null, created_at: '' }
  const marked: CaseDetail = { ...detail, case: { ...detail.case, confidential: true }, events: [...detail.events, markEvent] }
  const unmarked: CaseDetail = {
    ...detail,
    events: [...marked.events, { ...markEvent, id: 'e3', action: 'unmark_confidential', note: '误标，实为一般来访' }],
  }
  const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

  it('marks a case after a confirmation and shows the tag, the note and 查看记录', async () => {
    signIn('clerk')
    const core = fakeCore({ case_show: () => detail, case_confidential: () => marked })
    await mountCase()
    expect(byTestId('case-confidential-tag')).toBeNull()
    expect(byTestId('case-unmark-confidential')).toBeNull()
    expect(byTestId('case-view-list')).toBeNull()
    byTestId('case-mark-confidential')!.click()
    await flushPromises()
    expect(byTestId('confidential-dialog')!.textContent).toContain('只有村信访员和乡镇信访办工作人员能看到')
    // Marking asks no reason.
    expect(byTestId('confidential-note')).toBeNull()
    setInput('confidential-actor', ' 王干事 ')
    byTestId('confidential-submit')!.click()
    await flushPromises()
    expect(core.named('case_confidential').map((c) => c.args)).toEqual([{ id: 'c1', confidential: true, actor: '王干事' }])
    expect(byTestId('case-confidential-tag')!.textContent).toBe('检举、揭发')
    expect(byTestId('case-confidential-note')!.textContent).toContain('每次查看都记入“查看记录”')
    expect(byTestId('case-mark-confidential')).toBeNull()
    expect(byTestId('case-unmark-confidential')).not.toBeNull()
    expect(byTestId('case-view-list')).not.toBeNull()
    expect(document.body.textContent).toContain('标记为检举、揭发事项')
  })

  it('takes the mark off only with a reason: the core’s refusal shows on the reason field', async () => {
    signIn('liaison')
    const core = fakeCore({
      case_show: () => marked,
      case_confidential: (a) => {
        if (!a.note) throw { kind: 'invalid', message: '理由：取消检举、揭发标记须写明理由', field: 'note' }
        return unmarked
      },
    })
    await mountCase()
    expect(byTestId('case-confidential-tag')).not.toBeNull()
    byTestId('case-unmark-confidential')!.click()
    await flushPromises()
    setInput('confidential-actor', '李梅')
    byTestId('confidential-submit')!.click()
    await settle()
    expect(core.named('case_confidential')[0].args).toEqual({ id: 'c1', confidential: false, actor: '李梅' })
    const item = byTestId('confidential-note')!.closest('.el-form-item')!
    expect(item.querySelector('[data-testid="field-error"]')!.textContent).toBe('理由：取消检举、揭发标记须写明理由')
    expect(byTestId('case-confidential-tag')).not.toBeNull()

    setInput('confidential-note', ' 误标，实为一般来访 ')
    byTestId('confidential-submit')!.click()
    await flushPromises()
    expect(core.named('case_confidential')[1].args).toEqual({
      id: 'c1', confidential: false, actor: '李梅', note: '误标，实为一般来访',
    })
    expect(byTestId('case-confidential-tag')).toBeNull()
    expect(byTestId('case-view-list')).toBeNull()
    expect(byTestId('case-mark-confidential')).not.toBeNull()
    expect(document.body.textContent).toContain('取消检举、揭发标记')
    expect(document.body.textContent).toContain('误标，实为一般来访')
  })

  it('offers neither action to a leader or a viewer', async () => {
    for (const role of ['leader', 'viewer'] as const) {
      signIn(role)
      fakeCore({ case_show: () => detail })
      const { w } = await mountCase()
      expect(byTestId('case-mark-confidential')).toBeNull()
      w.unmount()
    }
  })
})
