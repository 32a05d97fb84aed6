// The app's start: once the shell is on screen it asks the core whether the
// ledger file is sound (a damaged one gets a red banner that stays, pointing
// to 备份) and then makes the daily automatic backup, saying briefly where it
// went, or warning why it could not; with no folder set nothing is said.
// Before all that, someone signs in: until then only the sign-in screen is
// shown and nothing of the ledger is asked for; a later lock (锁定, or a
// command the shell refused as locked) covers the app without unmounting it.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import App from './App.vue'
import { device } from './device'
import { damagedMessage } from './startup'
import { call } from './api'
import { lockedIdle, session } from './session'
import { click, setInput, settle } from './test/page'
import { NOW, fakeCore, type Handler } from './test/invoker'
import { forgetClock } from './clockWarning'
import { freshPageEachTest } from './test/page'
import { mayOf } from './test/session'

const Page = defineComponent({ render: () => h('div', { 'data-testid': 'page' }, '页') })
const DAMAGED = '台账文件已损坏（/home/li/信访台账.sqlite3）：请在“备份”页从最近的备份恢复。'

const village = { device_id: 'dev-v', role: 'village', name: '石岩哨村', created_at: '2026-03-01T00:00:00Z' }
const SIGNED_IN = {
  ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
  account: { account_id: 'acc-1', name: '李梅', role: 'liaison' },
  may: mayOf('liaison'), idle_minutes: 15,
}

async function start(handlers: Record<string, Handler>) {
  const core = fakeCore({ session_status: () => SIGNED_IN, device_show: () => ({ device: village }), ...handlers })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:page(.*)*', component: Page }],
  })
  router.push('/today')
  await router.isReady()
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
  // The checks wait for the first frame to be painted.
  await flushPromises()
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
  await flushPromises()
  await new Promise((r) => setTimeout(r, 50))
  return { w, router, ...core }
}

const notices = () => Array.from(document.querySelectorAll('.el-notification')).map((n) => n.textContent ?? '')

freshPageEachTest()
beforeEach(() => {
  device.value = null
  damagedMessage.value = ''
  session.value = null
  lockedIdle.value = false
  forgetClock()
  for (const n of Array.from(document.querySelectorAll('.el-notification'))) n.remove()
})

describe('app start', () => {
  it('shows the damaged ledger in a banner that links to 备份, and still tries the backup', async () => {
    const { w, router, named } = await start({
      ledger_check: () => { throw { kind: 'damaged', message: DAMAGED, field: null } },
      backup_auto: () => { throw { kind: 'damaged', message: DAMAGED, field: null } },
    })
    const banner = w.find('[data-testid="ledger-damaged"]')
    expect(banner.exists()).toBe(true)
    expect(banner.find('[data-testid="ledger-damaged-message"]').text()).toBe(DAMAGED)
    expect(banner.find('.el-alert__close-btn').exists()).toBe(false)
    expect(named('backup_auto')).toHaveLength(1)
    // The page under the banner still works.
    expect(w.find('[data-testid="page"]').exists()).toBe(true)
    await banner.find('[data-testid="ledger-damaged-link"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/backup')
    expect(w.find('[data-testid="ledger-damaged"]').exists()).toBe(true)
  })

  it('checks first, then backs up, and says briefly where the backup went', async () => {
    const path = '/media/li/KINGSTON/信访台账备份-石岩哨村-20260506-090000.sqlite3'
    const { w, calls } = await start({
      ledger_check: () => ({}),
      backup_auto: () => ({
        file: { path, file_name: path.split('/').pop(), bytes: 4096, made_at: '2026-05-06T01:00:00+00:00' }, removed: [],
      }),
    })
    expect(calls.map((c) => c.name)).toEqual(['session_status', 'device_show', 'demo_status', 'clock_now', 'ledger_check', 'backup_auto'])
    expect(w.find('[data-testid="ledger-damaged"]').exists()).toBe(false)
    expect(notices().join()).toContain(`已自动备份到 ${path}`)
  })

  it('warns without blocking when the automatic backup could not be made', async () => {
    const out = '/media/li/KINGSTON 不存在：请插好 U 盘，或重新选择备份文件夹'
    const { w } = await start({
      ledger_check: () => ({}),
      backup_auto: () => { throw { kind: 'invalid', message: out, field: 'folder' } },
    })
    expect(notices().join()).toContain(`自动备份未完成：${out}`)
    expect(w.find('[data-testid="page"]').exists()).toBe(true)
    expect(document.querySelector('.el-overlay')).toBeNull()
  })

  it('says nothing when no backup folder is set', async () => {
    const { w, named } = await start({ ledger_check: () => ({}), backup_auto: () => null })
    expect(named('backup_auto')).toHaveLength(1)
    expect(notices()).toEqual([])
    expect(w.find('[data-testid="ledger-damaged"]').exists()).toBe(false)
  })

  it('checks nothing on a ledger not yet set up', async () => {
    const { calls } = await start({ device_show: () => ({ device: null }), categories: () => ({ disputes: [], requests: [] }) })
    expect(calls.map((c) => c.name)).not.toContain('ledger_check')
    expect(calls.map((c) => c.name)).not.toContain('backup_auto')
  })
})

describe('clock warning', () => {
  const WARNING = '本机时间可能不对：电脑显示 2009年1月1日，早于本软件发布的日期（2026年12月7日）。' +
    '请先校正电脑时间（日期和时间设置）。在此之前，期限和工作台按电脑时间计算；登记时请填写实际日期。'

  it('shows the core\'s warning word for word on every page, not closable, until the clock is right again', async () => {
    let warning: string | null = WARNING
    const { w, router, named } = await start({
      ledger_check: () => ({}), backup_auto: () => null, clock_now: () => ({ ...NOW, warning }),
    })
    expect(named('clock_now')).toHaveLength(1)
    const banner = () => w.find('[data-testid="clock-warning"]')
    expect(banner().find('.el-alert__title').text()).toBe(WARNING)
    expect(banner().find('.el-alert').classes()).toContain('el-alert--warning')
    expect(banner().find('.el-alert__close-btn').exists()).toBe(false)

    await router.push('/ledger')
    await flushPromises()
    expect(named('clock_now')).toHaveLength(2)
    expect(banner().find('.el-alert__title').text()).toBe(WARNING)
    expect(w.find('[data-testid="page"]').exists()).toBe(true)

    warning = null
    await router.push('/sync')
    await flushPromises()
    expect(named('clock_now')).toHaveLength(3)
    expect(banner().exists()).toBe(false)
  })

  it('shows nothing while the clock looks right', async () => {
    const { w, named } = await start({ ledger_check: () => ({}), backup_auto: () => null })
    expect(named('clock_now')).toHaveLength(1)
    expect(w.find('[data-testid="clock-warning"]').exists()).toBe(false)
  })
})

// A page with a form half filled in, to see it survive the lock.
const Form = defineComponent({ render: () => h('input', { 'data-testid': 'half-filled' }) })
const LOCKED = { ...SIGNED_IN, account: null, may: null }
const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

/** The app at a page with a form, signed in or not as the shell says. */
async function startAt(signedIn: boolean, handlers: Record<string, Handler> = {}) {
  const state = { signedIn }
  const core = fakeCore({
    session_status: () => (state.signedIn ? SIGNED_IN : LOCKED),
    session_sign_in: () => ((state.signedIn = true), SIGNED_IN),
    session_lock: () => ((state.signedIn = false), LOCKED),
    device_show: () => ({ device: village }),
    demo_status: () => ({ in_use: false }),
    ledger_check: () => ({}),
    backup_auto: () => null,
    ...handlers,
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:page(.*)*', component: Form }] })
  router.push('/intake')
  await router.isReady()
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
  await settle()
  return { w, state, ...core }
}

async function signInAgain() {
  setInput('signin-passphrase', '石岩哨村2026')
  click('signin-submit')
  await settle()
}

describe('signing in', () => {
  it('shows only the sign-in screen until someone signs in, then the app', async () => {
    const { calls, named } = await startAt(false)
    expect(byTestId('signin-view')).not.toBeNull()
    expect(byTestId('signin-form')).not.toBeNull()
    expect(byTestId('half-filled')).toBeNull()
    expect(byTestId('device-name')).toBeNull()
    expect(calls.map((c) => c.name)).toEqual(['session_status'])

    await signInAgain()
    expect(named('session_sign_in').map((c) => c.args)).toEqual([{ name: '李梅', passphrase: '石岩哨村2026' }])
    expect(byTestId('signin-view')).toBeNull()
    expect(byTestId('half-filled')).not.toBeNull()
    expect(byTestId('device-name')!.textContent).toBe('石岩哨村')
    expect(byTestId('account-name')!.textContent).toBe('李梅')
    expect(byTestId('account-role')!.textContent).toBe('村信访员')
    expect(named('device_show')).toHaveLength(1)
  })

  it('shows the set-up form when nobody has set up an account', async () => {
    const { calls } = await startAt(false, {
      session_status: () => ({ ...LOCKED, ledger: { set_up: false, unencrypted_ledger: true, accounts: [] } }),
    })
    expect(byTestId('account-setup-form')).not.toBeNull()
    expect(byTestId('account-setup-unencrypted-note')).not.toBeNull()
    expect(calls.map((c) => c.name)).toEqual(['session_status'])
  })

  it('a command refused as locked brings the sign-in back over the app, and the form survives', async () => {
    const { state, named } = await startAt(true, {
      case_list: () => { throw { kind: 'locked', message: '已超过 15 分钟没有操作，台账已锁定：请重新登录', field: null } },
    })
    expect(byTestId('signin-view')).toBeNull()
    const input = byTestId('half-filled') as HTMLInputElement
    input.value = '张某某反映承包地'
    state.signedIn = false
    await call('case_list', { limit: 20 }).catch(() => {})
    await settle()
    expect(byTestId('signin-view')!.classList).toContain('lock-overlay')
    expect(byTestId('locked-note')!.textContent).toContain('已超过 15 分钟没有操作，台账已锁定')
    // Still there underneath.
    expect(byTestId('half-filled')).toBe(input)

    await signInAgain()
    expect(byTestId('signin-view')).toBeNull()
    expect(byTestId('half-filled')).toBe(input)
    expect(input.value).toBe('张某某反映承包地')
    // Only unlocked: the app is not opened again.
    expect(named('device_show')).toHaveLength(1)
  })

  it('锁定 locks at once and asks for the passphrase', async () => {
    const { named } = await startAt(true)
    click('lock-button')
    await settle()
    expect(named('session_lock')).toHaveLength(1)
    expect(byTestId('signin-form')).not.toBeNull()
    expect(byTestId('locked-note')).toBeNull()
    await signInAgain()
    expect(byTestId('signin-view')).toBeNull()
    expect(byTestId('account-name')!.textContent).toBe('李梅')
  })
})
