// 登录: the first account is set up with its name, role and passphrase
// (typed twice, which only the screen checks); an older ledger is said to be
// encrypted with every record kept; the core's refusal is shown and its field
// marked; signing in picks a name from the ledger's accounts.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { fakeCore, type Handler } from '../test/invoker'
import { click, freshPageEachTest, setInput, settle } from '../test/page'
import { lastName, lockedIdle, session } from '../session'
import type { SessionStatus } from '../bindings/SessionStatus'
import SignInView from './SignInView.vue'
import { mayOf } from '../test/session'

const LI = { account_id: 'acc-1', name: '李梅', role: 'liaison' as const }

function status(over: Partial<SessionStatus['ledger']> = {}, account: SessionStatus['account'] = null): SessionStatus {
  return { ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'], ...over }, account, may: account ? mayOf(account.role) : null, idle_minutes: 15 }
}

async function mountSignIn(at: SessionStatus, handlers: Record<string, Handler> = {}) {
  session.value = at
  const core = fakeCore(handlers)
  const w = mount(SignInView, { global: { plugins: [ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { w, ...core }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''

async function submit(id: string) {
  click(id)
  await settle()
}

freshPageEachTest()
beforeEach(() => {
  session.value = null
  lockedIdle.value = false
  lastName.value = ''
})

describe('setting up the first account', () => {
  it('sends the name, role and passphrase, and is signed in', async () => {
    const { named } = await mountSignIn(status({ set_up: false, accounts: [] }), {
      session_set_up: (a) => status({ accounts: [a.name as string] }, { ...LI, name: a.name as string, role: a.role as 'clerk' }),
    })
    expect(byTestId('account-setup-form')).not.toBeNull()
    expect(byTestId('signin-form')).toBeNull()
    expect(byTestId('account-setup-unencrypted-note')).toBeNull()
    expect(text('signin-view')).toContain('请牢记口令，忘记口令就无法打开台账')
    setInput('account-setup-name', ' 王芳 ')
    click('account-setup-role-clerk')
    setInput('account-setup-passphrase', '石岩哨村2026')
    setInput('account-setup-passphrase-again', '石岩哨村2026')
    await submit('account-setup-submit')
    expect(named('session_set_up').map((c) => c.args)).toEqual([{ name: '王芳', role: 'clerk', passphrase: '石岩哨村2026' }])
    expect(session.value?.account?.name).toBe('王芳')
    expect(byTestId('account-setup-error')).toBeNull()
  })

  it('says the older ledger is encrypted with every record kept', async () => {
    await mountSignIn(status({ set_up: false, unencrypted_ledger: true, accounts: [] }))
    expect(text('account-setup-unencrypted-note')).toContain('现有台账将被加密，全部记录保留')
  })

  it('refuses two different passphrases without asking the core', async () => {
    const { named } = await mountSignIn(status({ set_up: false, accounts: [] }))
    setInput('account-setup-name', '王芳')
    setInput('account-setup-passphrase', '石岩哨村2026')
    setInput('account-setup-passphrase-again', '石岩哨村2025')
    await submit('account-setup-submit')
    expect(named('session_set_up')).toHaveLength(0)
    expect(text('account-setup-error')).toContain('两次输入的口令不一样')
    expect(byTestId('account-setup-passphrase-again')!.closest('.el-form-item')!.classList).toContain('is-error')
  })

  it('shows the core’s refusal and marks the field it blames', async () => {
    const short = '口令：至少 8 个字'
    const { named } = await mountSignIn(status({ set_up: false, accounts: [] }), {
      session_set_up: () => { throw { kind: 'invalid', message: short, field: 'passphrase' } },
    })
    setInput('account-setup-name', '王芳')
    setInput('account-setup-passphrase', '1234')
    setInput('account-setup-passphrase-again', '1234')
    await submit('account-setup-submit')
    expect(named('session_set_up')).toHaveLength(1)
    expect(text('account-setup-error')).toBe(short)
    expect(byTestId('account-setup-passphrase')!.closest('.el-form-item')!.classList).toContain('is-error')
    expect(byTestId('account-setup-name')!.closest('.el-form-item')!.classList).not.toContain('is-error')
    expect(session.value?.account).toBeNull()
  })
})

describe('signing in', () => {
  it('preselects the only account and signs in with the passphrase', async () => {
    const { named } = await mountSignIn(status(), { session_sign_in: () => status({}, LI) })
    expect(byTestId('signin-form')).not.toBeNull()
    expect(byTestId('account-setup-form')).toBeNull()
    expect(byTestId('locked-note')).toBeNull()
    setInput('signin-passphrase', '石岩哨村2026')
    await submit('signin-submit')
    expect(named('session_sign_in').map((c) => c.args)).toEqual([{ name: '李梅', passphrase: '石岩哨村2026' }])
    expect(session.value?.account).toEqual(LI)
  })

  it('picks the name from the list of accounts', async () => {
    const { named } = await mountSignIn(status({ accounts: ['李梅', '王芳'] }), {
      session_sign_in: (a) => status({}, { ...LI, name: a.name as string }),
    })
    click('signin-name')
    await flushPromises()
    const options = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
    expect(options.map((o) => o.textContent?.trim())).toEqual(['李梅', '王芳'])
    options[1].click()
    await flushPromises()
    setInput('signin-passphrase', '路居镇口令2026')
    await submit('signin-submit')
    expect(named('session_sign_in').map((c) => c.args)).toEqual([{ name: '王芳', passphrase: '路居镇口令2026' }])
  })

  it('shows a wrong passphrase beside the form and stays locked', async () => {
    const wrong = '口令不对，请重新输入'
    await mountSignIn(status(), {
      session_sign_in: () => { throw { kind: 'invalid', message: wrong, field: 'passphrase' } },
    })
    setInput('signin-passphrase', 'wrong-one')
    await submit('signin-submit')
    expect(text('signin-error')).toBe(wrong)
    expect(byTestId('signin-passphrase')!.closest('.el-form-item')!.classList).toContain('is-error')
    expect(session.value?.account).toBeNull()
  })

  it('says the ledger was locked for inactivity, and preselects who was signed in', async () => {
    lockedIdle.value = true
    lastName.value = '王芳'
    await mountSignIn(status({ accounts: ['李梅', '王芳'] }))
    expect(text('locked-note')).toContain('已超过 15 分钟没有操作，台账已锁定')
    expect(text('signin-name')).toBe('王芳')
  })

  it('opens its help in place', async () => {
    await mountSignIn(status())
    expect(byTestId('signin-help-text')).toBeNull()
    click('signin-help')
    await flushPromises()
    expect(text('signin-help-text')).toContain('.keys')
  })
})
