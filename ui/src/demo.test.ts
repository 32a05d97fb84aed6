// The demo ledger (演示台账): started from the setup screen or the help page
// through the shell's demo_start, shown by a banner on every page while in
// use, and left through 退出演示 (demo_end) only after the user confirms,
// back to this computer's ledger — the setup screen if it has no device yet.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import App from './App.vue'
import { device } from './device'
import { demoInUse } from './demo'
import { router as appRouter } from './router'
import { fakeCore, type Handler } from './test/invoker'
import { freshPageEachTest, mountView } from './test/page'
import SetupView from './views/SetupView.vue'
import HelpView from './views/HelpView.vue'
import { mayOf } from './test/session'

const Page = defineComponent({ render: () => h('div', { 'data-testid': 'page' }, '页') })
const demoVillage = { device_id: 'dev-demo', role: 'village', name: '演示村', created_at: '2026-05-06T01:00:00Z' }
const realVillage = { device_id: 'dev-v', role: 'village', name: '石岩哨村', created_at: '2026-03-01T00:00:00Z' }
const SIGNED_IN = {
  ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
  account: { account_id: 'acc-1', name: '李梅', role: 'liaison' },
  may: mayOf('liaison'), idle_minutes: 15,
}

/** A shell whose open ledger is the demo while `inDemo`, else `real`. */
function shell(real: typeof realVillage | null, inDemo: boolean, more: Record<string, Handler> = {}) {
  const state = { inDemo }
  const core = fakeCore({
    session_status: () => SIGNED_IN,
    device_show: () => ({ device: state.inDemo ? demoVillage : real }),
    demo_status: () => ({ in_use: state.inDemo }),
    demo_start: () => ((state.inDemo = true), { in_use: true }),
    demo_end: () => ((state.inDemo = false), { in_use: false }),
    ledger_check: () => ({}),
    backup_auto: () => null,
    ...more,
  })
  return { state, ...core }
}

async function mountApp(at = '/ledger') {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:page(.*)*', component: Page }] })
  router.push(at)
  await router.isReady()
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
  await flushPromises()
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
  await flushPromises()
  return { w, router }
}

const messageBox = () => document.querySelector<HTMLElement>('.el-message-box')

async function answer(box: HTMLElement, button: string) {
  Array.from(box.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button'))
    .find((b) => b.textContent?.trim() === button)!
    .click()
  await flushPromises()
  await new Promise((r) => setTimeout(r, 50))
  await flushPromises()
}

freshPageEachTest()
beforeEach(async () => {
  device.value = null
  demoInUse.value = false
  await appRouter.push('/ledger')
})

describe('demo ledger', () => {
  it('the setup screen opens the demo and goes to 工作台', async () => {
    const { named } = shell(null, false)
    const w = mount(SetupView, { global: { plugins: [ElementPlus, appRouter] }, attachTo: document.body })
    const button = w.get('button[data-testid="setup-demo"]')
    expect(button.text()).toBe('先用演示台账熟悉操作')
    await button.trigger('click')
    await flushPromises()
    expect(named('demo_start')).toHaveLength(1)
    expect(named('device_init')).toHaveLength(0)
    expect(device.value?.name).toBe('演示村')
    expect(demoInUse.value).toBe(true)
    expect(appRouter.currentRoute.value.path).toBe('/today')
  })

  it('shows the banner on every page while the demo is in use, and neither checks nor backs the demo up', async () => {
    const { named } = shell(realVillage, true)
    const { w, router } = await mountApp()
    const banner = w.get('[data-testid="demo-banner"]')
    expect(banner.text()).toContain('正在使用演示台账（培训用，内容都是虚构的）')
    expect(w.get('[data-testid="device-name"]').text()).toBe('演示村')
    await router.push('/screening')
    await flushPromises()
    expect(w.find('[data-testid="demo-banner"]').exists()).toBe(true)
    expect(named('ledger_check')).toHaveLength(0)
    expect(named('backup_auto')).toHaveLength(0)
  })

  it('shows no banner on this computer’s own ledger', async () => {
    shell(realVillage, false)
    const { w } = await mountApp()
    expect(w.find('[data-testid="page"]').exists()).toBe(true)
    expect(w.find('[data-testid="demo-banner"]').exists()).toBe(false)
  })

  it('退出演示 asks first; keeping on changes nothing', async () => {
    const { named } = shell(realVillage, true)
    const { w } = await mountApp()
    await w.get('button[data-testid="demo-end"]').trigger('click')
    await flushPromises()
    const box = messageBox()!
    expect(box.textContent).toContain('演示台账将被删除，回到本机台账')
    await answer(box, '继续演示')
    expect(named('demo_end')).toHaveLength(0)
    expect(w.find('[data-testid="demo-banner"]').exists()).toBe(true)
  })

  it('退出演示, confirmed, ends the demo and returns to the setup screen of a ledger not yet set up', async () => {
    const { named } = shell(null, true)
    const { w } = await mountApp()
    await w.get('button[data-testid="demo-end"]').trigger('click')
    await flushPromises()
    await answer(messageBox()!, '退出演示')
    expect(named('demo_end')).toHaveLength(1)
    expect(demoInUse.value).toBe(false)
    expect(w.find('[data-testid="demo-banner"]').exists()).toBe(false)
    expect(w.find('button[data-testid="setup-submit"]').exists()).toBe(true)
  })

  it('退出演示, confirmed, returns to 工作台 of a ledger already set up', async () => {
    shell(realVillage, true)
    const { w, router } = await mountApp('/case/demo-case')
    await w.get('button[data-testid="demo-end"]').trigger('click')
    await flushPromises()
    await answer(messageBox()!, '退出演示')
    expect(w.get('[data-testid="device-name"]').text()).toBe('石岩哨村')
    expect(w.find('[data-testid="demo-banner"]').exists()).toBe(false)
    expect(router.currentRoute.value.path).toBe('/today')
  })

  it('the help page opens the demo after asking, and goes to 工作台', async () => {
    const { named } = shell(realVillage, false)
    const { w, router } = await mountView(HelpView, '/help', [
      { path: '/help', name: 'help', component: HelpView },
      { path: '/today', name: 'today', component: Page },
    ])
    const button = w.get('button[data-testid="help-demo"]')
    expect(button.text()).toBe('打开演示台账')
    await button.trigger('click')
    await flushPromises()
    const box = messageBox()!
    expect(box.textContent).toContain('本机台账不受影响')
    await answer(box, '打开演示台账')
    expect(named('demo_start')).toHaveLength(1)
    expect(demoInUse.value).toBe(true)
    expect(router.currentRoute.value.path).toBe('/today')
  })
})
