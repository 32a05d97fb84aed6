// The app's start: once the shell is on screen it asks the core whether the
// ledger file is sound (a damaged one gets a red banner that stays, pointing
// to 备份) and then makes the daily automatic backup, saying briefly where it
// went, or warning why it could not; with no folder set nothing is said.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import App from './App.vue'
import { device } from './device'
import { damagedMessage } from './startup'
import { fakeCore, type Handler } from './test/invoker'
import { freshPageEachTest } from './test/page'

const Page = defineComponent({ render: () => h('div', { 'data-testid': 'page' }, '页') })
const DAMAGED = '台账文件已损坏（/home/li/信访台账.sqlite3）：请在“备份”页从最近的备份恢复。'

const village = { device_id: 'dev-v', role: 'village', name: '石岩哨村', created_at: '2026-03-01T00:00:00Z' }

async function start(handlers: Record<string, Handler>) {
  const core = fakeCore({ device_show: () => ({ device: village }), ...handlers })
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
    expect(calls.map((c) => c.name)).toEqual(['device_show', 'demo_status', 'ledger_check', 'backup_auto'])
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
