// 帮助: the page lists every screen's section (and the case page's parts);
// a screen's 帮助 link opens the help at that screen's section; every screen
// the app can show, and every screen in the menu, has its help; and
// 打印操作指南 opens the print dialog with the one-page guide.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { defineComponent, h } from 'vue'
import { RouterView, useRoute } from 'vue-router'
import App from '../App.vue'
import { device } from '../device'
import { HELP, helpAnchorFor, helpParts } from '../help'
import { router as appRouter } from '../router'
import { fakeCore } from '../test/invoker'
import { click, freshPageEachTest, mountView } from '../test/page'
import HelpLink from '../components/HelpLink.vue'
import HelpView from './HelpView.vue'
import TodayView from './TodayView.vue'
import { mayOf } from '../test/session'

const Blank = defineComponent({ render: () => h('div') })
// The app's main pane (App.vue): a new view for each address.
const Shell = defineComponent({
  setup() {
    const route = useRoute()
    return () => h(RouterView, { key: route.fullPath })
  },
})

const scrolled = vi.fn()

freshPageEachTest()
beforeEach(() => {
  scrolled.mockClear()
  // jsdom lays nothing out, so it has no scrollIntoView; record whom it was asked of.
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled(this.id)
  }
})

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

describe('help page', () => {
  it('lists a section for every screen, with its steps, and every part of the case page', async () => {
    fakeCore()
    await mountView(HelpView, '/help', [{ path: '/help', name: 'help', component: HelpView }])
    const screens = ['登录', '工作台', '登记', '台账', '信访事项', '回访', '排查', '同步', '统计', '备份', '账号', '设置']
    expect(HELP.map((s) => s.screen)).toEqual(screens)
    for (const s of HELP) {
      const section = byTestId(`help-section-${s.id}`)!
      expect(section, s.id).not.toBeNull()
      expect(section.querySelector('h3')!.textContent).toBe(s.title)
      expect(section.querySelectorAll(':scope > ol li')).toHaveLength(s.steps.length)
      expect(byTestId(`help-toc-${s.id}`)!.textContent).toBe(s.screen)
    }
    for (const part of ['agreement', 'attachments']) {
      expect(byTestId('help-section-case')!.querySelector(`[data-testid="help-section-${part}"]`)).not.toBeNull()
    }
    // The time limits, as the law and the core state them.
    const today = byTestId('help-section-today')!.textContent!
    for (const says of ['15日内，区分情况予以受理', '60日内办结', '不超过30日', '一个月内调结', '30日内，双方可共同向人民法院申请司法确认']) {
      expect(today).toContain(says)
    }
    // Opened without a section, none is marked and nothing scrolls.
    expect(document.querySelector('.current')).toBeNull()
    expect(scrolled).not.toHaveBeenCalled()
  })

  it("cites each section's time limits as the core states them, with how the program counts them", async () => {
    const { named } = fakeCore({
      deadline_rules: () => [
        { rule: 'mediation', title: '调解期限', basis: '某规定：调解纠纷一般在一个月内调结' },
        { rule: 'court_confirmation', title: '司法确认申请期限', basis: '某法：30日内申请司法确认' },
      ],
    })
    await mountView(HelpView, '/help', [{ path: '/help', name: 'help', component: HelpView }])
    expect(named('deadline_rules')).toHaveLength(1)
    const agreement = Array.from(byTestId('help-section-agreement')!.querySelectorAll('[data-testid="help-limit"]'))
    expect(agreement.map((l) => l.textContent)).toEqual([
      '调解期限：某规定：调解纠纷一般在一个月内调结。本程序从开始起草调解协议之日起算。',
      '司法确认申请期限：某法：30日内申请司法确认。',
    ])
    // A rule the core does not cite is not made up here.
    expect(byTestId('help-section-intake')!.querySelector('[data-testid="help-limit"]')).toBeNull()
  })

  it('still shows every section when the rules cannot be had', async () => {
    fakeCore({ deadline_rules: () => { throw { kind: 'internal', message: '出错', field: null } } })
    await mountView(HelpView, '/help', [{ path: '/help', name: 'help', component: HelpView }])
    expect(byTestId('help-section-today')!.querySelector('h3')!.textContent).toBe(HELP[1].title)
    expect(document.querySelector('[data-testid="help-limit"]')).toBeNull()
  })

  it('opened at a section marks it and scrolls it into view', async () => {
    fakeCore()
    await mountView(HelpView, '/help#sync', [{ path: '/help', name: 'help', component: HelpView }])
    expect(scrolled).toHaveBeenCalledWith('help-sync')
    expect(document.querySelectorAll('.current')).toHaveLength(1)
    expect(byTestId('help-section-sync')!.classList).toContain('current')
  })

  it('opened at a part of the case page marks only that part', async () => {
    fakeCore()
    await mountView(HelpView, '/help#agreement', [{ path: '/help', name: 'help', component: HelpView }])
    expect(scrolled).toHaveBeenCalledWith('help-agreement')
    expect(Array.from(document.querySelectorAll('.current')).map((e) => e.id)).toEqual(['help-agreement'])
  })

  it('a screen’s 帮助 link opens the help at that screen’s section', async () => {
    fakeCore({ today: () => ({ today: '2026-05-06', total: 0, overdue: 0, due_soon: 0, items: [] }) })
    const routes: RouteRecordRaw[] = [
      { path: '/today', name: 'today', component: TodayView },
      { path: '/help', name: 'help', component: HelpView },
    ]
    const { router } = await mountView(Shell, '/today', routes)
    expect(byTestId('today-page')).not.toBeNull()
    click('help-link')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/help#today')
    expect(byTestId('help-page')).not.toBeNull()
    expect(byTestId('help-section-today')!.classList).toContain('current')
    expect(scrolled).toHaveBeenCalledWith('help-today')
  })

  it('every screen’s link names a section the help page has', async () => {
    const named = appRouter.getRoutes().filter((r) => typeof r.name === 'string' && r.name !== 'help')
    expect(named.length).toBeGreaterThanOrEqual(10)
    const anchors = new Set(helpParts().map((p) => p.id))
    for (const r of named) {
      const name = r.name as string
      const anchor = helpAnchorFor(name)
      // A screen added to router.ts without a help section fails here.
      expect(anchor, `no help for the ${name} screen`).toBeDefined()
      expect(anchors.has(anchor!)).toBe(true)

      // The link on that screen goes there.
      const router = createRouter({ history: createMemoryHistory(), routes: [
        { path: r.path, name, component: Blank },
        { path: '/help', component: Blank },
      ] })
      await router.push(r.path.replace(/:(\w+)/g, 'x'))
      const w = mount(HelpLink, { global: { plugins: [router] } })
      expect(w.find('a').attributes('href')).toBe(`/help#${anchor}`)
      w.unmount()
    }
  })

  it('every screen in the menu has a help section, and 帮助 is the last item', async () => {
    device.value = { device_id: 'dev-v', role: 'village', name: '石岩哨村', created_at: '2026-03-01T00:00:00Z' }
    fakeCore({
      session_status: () => ({
        ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
        account: { account_id: 'acc-1', name: '李梅', role: 'liaison' },
        may: mayOf('liaison'), idle_minutes: 15,
      }),
      device_show: () => ({ device: device.value }),
      ledger_check: () => ({}),
      backup_auto: () => null,
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:page(.*)*', component: Blank }] })
    router.push('/today')
    await router.isReady()
    const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
    // Let the start's checks (after the first frame) finish within the test.
    await flushPromises()
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
    await flushPromises()
    const items = w.findAll('.nav-item').map((a) => a.attributes('href')!)
    expect(items.length).toBeGreaterThanOrEqual(8)
    expect(items[items.length - 1]).toBe('/help')
    for (const href of items.slice(0, -1)) {
      const name = String(appRouter.resolve(href).name)
      expect(helpAnchorFor(name), `the menu's ${href} has no help`).toBeDefined()
    }
    device.value = null
  })

  it('打印操作指南 opens the print dialog with the one-page guide', async () => {
    const { named } = fakeCore({
      print_preview: () => ({ title: '信访台账操作指南（石岩哨村）', pages: ['<svg xmlns="http://www.w3.org/2000/svg"/>'], fingerprint: null }),
      print_targets: () => ({ printers: [], problem: null, folder: '/home/li' }),
    })
    await mountView(HelpView, '/help', [{ path: '/help', name: 'help', component: HelpView }])
    expect(named('print_preview')).toHaveLength(0)
    click('help-print-guide')
    await flushPromises()
    expect(named('print_preview').map((c) => c.args)).toEqual([{ request: { document: 'quick_guide' } }])
    expect(document.querySelectorAll('[data-testid="print-page"]')).toHaveLength(1)
    expect(byTestId('print-page-count')!.textContent).toContain('共 1 页')
  })
})
