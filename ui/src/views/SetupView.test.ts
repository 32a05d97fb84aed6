// The first-run wizard: ① 账号和口令 (done on the sign-in screen) shown
// finished; ② role, name and the optional administrative code, set up by
// device_init, whose refusal marks the field it names and advances nothing;
// ③ enrolment with the other side: the fingerprint large, this device's
// enrolment file saved, the other side's enrolled (a township's one after
// another); 完成 or 以后再说 end the wizard at 台账. Inside the app, the wizard
// holds the screen through ③ though the ledger already has its device.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { fakeCore, type Handler } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { device, setupFinishing } from '../device'
import { session } from '../session'
import { pickEnrolment, pickFolder } from '../pickers'
import type { SyncIdentity } from '../bindings/SyncIdentity'
import App from '../App.vue'
import SetupView from './SetupView.vue'
import { mayOf } from '../test/session'

vi.mock('../pickers', () => ({ pickBundle: vi.fn(), pickEnrolment: vi.fn(), pickFolder: vi.fn() }))

const Blank = defineComponent({ render: () => h('div', { 'data-testid': 'page' }) })
const ROUTES = [
  { path: '/', component: Blank },
  { path: '/ledger', component: Blank },
  { path: '/today', component: Blank },
]

const identity = (role: 'village' | 'township', name: string): SyncIdentity => ({
  device_id: `dev-${role}`, name, role, fingerprint: '7K3Q-M2XD-9FTA-R8VN-C',
  fingerprint_groups: ['7K3Q', 'M2XD', '9FTA', 'R8VN', 'C'], enrolment_file: null,
})
const peer = (name: string, role: 'village' | 'township', fingerprint: string) => ({
  device_id: `dev-${name}`, role, name, fingerprint, enrolled_at: '2026-05-06T01:00:00Z', enrolled_by: '李梅',
  revoked_at: null, revoke_reason: null, acked_seq: 0,
})
const TOWNSHIP = peer('路居镇', 'township', 'AB12-CD34-EF56-GH78-9')

/** A core where device_init sets up the device it is given. */
function core(handlers: Record<string, Handler> = {}) {
  return fakeCore({
    device_init: (a) => ({
      device: { device_id: `dev-${a.role}`, role: a.role, name: a.name, created_at: '2026-05-06T01:00:00Z' },
      code: a.code ?? null,
    }),
    sync_identity: (a) => ({ ...identity('village', '石岩哨村'), enrolment_file: a.save_to ? `${a.save_to}/石岩哨村-设备登记文件.json` : null }),
    sync_places: () => [{ path: '/media/li/KINGSTON', label: 'U盘 KINGSTON（/media/li/KINGSTON）' }],
    ...handlers,
  })
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const item = (id: string) => byTestId(id)!.closest('.el-form-item')!
const stepTitles = () => Array.from(document.querySelectorAll('.el-step__title')).map((t) => t.textContent?.trim())

async function mountSetup() {
  return mountView(SetupView, '/', ROUTES)
}

/** Step ②, filled in and sent. */
async function setUpVillage(code = '') {
  // A liaison's account already said the role: then it is shown, not asked.
  if (byTestId('setup-role-village')) click('setup-role-village')
  setInput('setup-name', ' 石岩哨村 ')
  if (code) setInput('setup-code', code)
  click('setup-submit')
  await settle()
}

freshPageEachTest()
beforeEach(() => {
  device.value = null
  setupFinishing.value = false
  session.value = null
  for (const pick of [pickEnrolment, pickFolder]) vi.mocked(pick).mockReset()
})

describe('first-run wizard', () => {
  it('shows ① done and ② in hand, then goes to ③ after device_init, staying off the desk', async () => {
    const { named } = core()
    const { router } = await mountSetup()
    expect(stepTitles()).toEqual(['账号和口令', '本机角色和名称', '与乡镇互相登记'])
    expect(document.querySelector('.el-step__head.is-success')).not.toBeNull()
    expect(byTestId('setup-code')!.getAttribute('placeholder')).toBe('例如 530323105201')

    await setUpVillage('530323105201')
    expect(named('device_init').map((c) => c.args)).toEqual([{ role: 'village', name: '石岩哨村', code: '530323105201' }])
    expect(device.value?.name).toBe('石岩哨村')
    expect(setupFinishing.value).toBe(true)
    expect(byTestId('setup-name')).toBeNull()
    expect(byTestId('setup-demo')).toBeNull()
    expect(router.currentRoute.value.path).toBe('/')
    // ③: the fingerprint, large, from sync_identity with nowhere to save.
    expect(named('sync_identity').map((c) => c.args)).toEqual([{}])
    const fp = byTestId('setup-fingerprint')!
    expect(Array.from(fp.querySelectorAll('.fp-group')).map((g) => g.textContent)).toEqual(['7K3Q', 'M2XD', '9FTA', 'R8VN', 'C'])
    expect(fp.classList).toContain('large')
    expect(document.body.textContent).toContain('逐位核对')
    expect(byTestId('setup-skip')).not.toBeNull()
    expect(byTestId('setup-finish')).toBeNull()
  })

  it('marks the code field with the core\'s refusal and advances nothing; an empty code is not sent', async () => {
    const bad = '行政区划代码应为 12 位数字（统计用区划代码），例如 530323105201'
    let tries = 0
    const { named } = core({
      device_init: (a) => {
        tries += 1
        if (tries === 1) throw { kind: 'invalid', message: bad, field: 'code' }
        return { device: { device_id: 'dev-v', role: a.role, name: a.name, created_at: '2026-05-06T01:00:00Z' }, code: null }
      },
    })
    await mountSetup()
    await setUpVillage('5303231052')
    expect(item('setup-code').classList).toContain('is-error')
    expect(item('setup-code').querySelector('[data-testid="field-error"]')!.textContent).toBe(bad)
    expect(item('setup-name').classList).not.toContain('is-error')
    expect(device.value).toBeNull()
    expect(setupFinishing.value).toBe(false)
    expect(byTestId('setup-name')).not.toBeNull()
    expect(byTestId('setup-fingerprint')).toBeNull()
    expect(named('sync_identity')).toHaveLength(0)

    setInput('setup-code', '  ')
    click('setup-submit')
    await settle()
    expect(named('device_init')[1].args).toEqual({ role: 'village', name: '石岩哨村' })
    expect(byTestId('setup-fingerprint')).not.toBeNull()
  })

  it('saves this device\'s enrolment file to a detected USB stick', async () => {
    const { named } = core()
    await mountSetup()
    await setUpVillage()
    const stick = Array.from(document.querySelectorAll<HTMLButtonElement>('button'))
      .find((b) => b.textContent?.includes('U盘 KINGSTON'))!
    stick.click()
    await flushPromises()
    click('setup-enrol-save')
    await flushPromises()
    expect(named('sync_identity').slice(-1)[0].args).toEqual({ save_to: '/media/li/KINGSTON' })
    expect(byTestId('setup-enrol-saved-file')!.textContent).toContain('/media/li/KINGSTON/石岩哨村-设备登记文件.json')
  })

  it('shows an enrol refusal on its field, then who was enrolled, and 完成 goes to 台账', async () => {
    const mismatch = '指纹不一致：输入的是 AB12-CD34-EF56-GH78-8，登记文件里的是 AB12-CD34-EF56-GH78-9。'
    let tries = 0
    const { named } = core({
      sync_enrol: () => {
        tries += 1
        if (tries === 1) throw { kind: 'fingerprint', message: mismatch, field: 'fingerprint' }
        return TOWNSHIP
      },
    })
    const { router } = await mountSetup()
    await setUpVillage()
    vi.mocked(pickEnrolment).mockResolvedValueOnce('/media/li/KINGSTON/路居镇-设备登记文件.json')
    click('setup-enrol-file-pick')
    await flushPromises()
    setInput('setup-enrol-fingerprint', 'AB12-CD34-EF56-GH78-8')
    setInput('setup-enrol-by', '李梅')
    click('setup-enrol-submit')
    await settle()
    expect(named('sync_enrol')[0].args).toEqual({
      file: '/media/li/KINGSTON/路居镇-设备登记文件.json', fingerprint: 'AB12-CD34-EF56-GH78-8', by: '李梅',
    })
    expect(item('setup-enrol-fingerprint').classList).toContain('is-error')
    expect(item('setup-enrol-fingerprint').querySelector('[data-testid="field-error"]')!.textContent).toBe(mismatch)
    expect(item('setup-enrol-file').classList).not.toContain('is-error')
    expect(byTestId('setup-enrolled')).toBeNull()
    expect(byTestId('setup-finish')).toBeNull()

    setInput('setup-enrol-fingerprint', 'AB12-CD34-EF56-GH78-9')
    click('setup-enrol-submit')
    await settle()
    expect(byTestId('setup-enrolled')!.textContent).toContain('路居镇')
    // A village enrols its one township: the form is done with.
    expect(byTestId('setup-enrol-file')).toBeNull()
    expect(byTestId('setup-skip')).toBeNull()
    click('setup-finish')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/ledger')
    expect(setupFinishing.value).toBe(false)
  })

  it('以后再说 ends the wizard at 台账 with nothing enrolled', async () => {
    const { named } = core()
    const { router } = await mountSetup()
    await setUpVillage()
    expect(byTestId('setup-skip')!.textContent).toContain('以后再说（可在“同步”页办理）')
    click('setup-skip')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/ledger')
    expect(setupFinishing.value).toBe(false)
    expect(named('sync_enrol')).toHaveLength(0)
  })

  it('at a township (suggested by a clerk\'s account) enrols one village after another', async () => {
    session.value = {
      ledger: { set_up: true, unencrypted_ledger: false, accounts: ['王芳'] },
      account: { account_id: 'acc-1', name: '王芳', role: 'clerk' }, may: mayOf('clerk'), idle_minutes: 15,
    }
    const villages = [peer('石岩哨村', 'village', '7K3Q-M2XD-9FTA-R8VN-C'), peer('大水井村', 'village', 'QQ11-WW22-EE33-RR44-T')]
    const { named } = core({
      sync_identity: () => identity('township', '路居镇'),
      sync_enrol: () => villages[named('sync_enrol').length - 1],
    })
    await mountSetup()
    expect(stepTitles()[2]).toBe('登记各村的设备')
    expect(byTestId('setup-code')!.getAttribute('placeholder')).toBe('例如 530323105000')
    setInput('setup-name', '路居镇')
    setInput('setup-code', '530323105000')
    click('setup-submit')
    await settle()
    expect(named('device_init')[0].args).toEqual({ role: 'township', name: '路居镇', code: '530323105000' })
    expect(document.body.textContent).toContain('登记完一个村，接着登记下一个')
    // The signed-in clerk is offered as 登记人.
    expect((byTestId('setup-enrol-by') as HTMLInputElement).value).toBe('王芳')

    for (const v of villages) {
      setInput('setup-enrol-file', `/media/li/U/${v.name}-设备登记文件.json`)
      setInput('setup-enrol-fingerprint', v.fingerprint)
      click('setup-enrol-submit')
      await settle()
      // Cleared for the next village.
      expect((byTestId('setup-enrol-file') as HTMLInputElement).value).toBe('')
      expect((byTestId('setup-enrol-fingerprint') as HTMLInputElement).value).toBe('')
    }
    const enrolled = byTestId('setup-enrolled')!.textContent!
    expect(enrolled).toContain('石岩哨村')
    expect(enrolled).toContain('大水井村')
    expect(byTestId('setup-finish')).not.toBeNull()
  })
})

describe('the wizard in the app', () => {
  const SIGNED_IN = {
    ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
    account: { account_id: 'acc-1', name: '李梅', role: 'liaison' },
    may: mayOf('liaison'),
    idle_minutes: 15,
  }

  async function mountApp() {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:page(.*)*', component: Blank }] })
    router.push('/today')
    await router.isReady()
    const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
    await flushPromises()
    return { w, router }
  }

  it('asks the role once: a liaison\'s computer is the village\'s, shown with a way to change it', async () => {
    const { named } = core({ session_status: () => SIGNED_IN, device_show: () => ({ device: null, code: null }), demo_status: () => ({ in_use: false }) })
    await mountApp()
    expect(byTestId('setup-role-village')).toBeNull()
    expect(byTestId('setup-role-shown')!.textContent).toContain('村信访员')
    await setUpVillage()
    expect(named('device_init')[0].args).toMatchObject({ role: 'village', name: '石岩哨村' })
  })

  it('holds the screen through ③ once the device is set up, and opens the desk at 台账 after', async () => {
    core({ session_status: () => SIGNED_IN, device_show: () => ({ device: null, code: null }), demo_status: () => ({ in_use: false }) })
    const { router } = await mountApp()
    await setUpVillage()
    expect(byTestId('setup-fingerprint')).not.toBeNull()
    expect(byTestId('nav-ledger')).toBeNull()
    click('setup-skip')
    await flushPromises()
    expect(byTestId('nav-ledger')).not.toBeNull()
    expect(byTestId('setup-view')).toBeNull()
    expect(router.currentRoute.value.path).toBe('/ledger')
  })

  it('a start after ② but before the wizard ended goes straight to the desk', async () => {
    const village = { device_id: 'dev-v', role: 'village', name: '石岩哨村', created_at: '2026-05-06T01:00:00Z' }
    core({
      session_status: () => SIGNED_IN, device_show: () => ({ device: village, code: null }),
      demo_status: () => ({ in_use: false }), ledger_check: () => ({}), backup_auto: () => null,
    })
    await mountApp()
    expect(byTestId('setup-view')).toBeNull()
    expect(byTestId('nav-ledger')).not.toBeNull()
  })
})
