// 账号: everyone sees who is signed in and changes their own passphrase (typed
// twice, which only the page checks); a worker also sees the accounts, adds
// one with its role (the new person typing their own passphrase) and takes
// one away only after saying yes; a leader or viewer sees no list, and a
// list the core refuses is simply not shown.
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore, type Handler } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import { session } from '../session'
import type { Account } from '../bindings/Account'
import type { AccountRole } from '../bindings/AccountRole'
import AccountsView from './AccountsView.vue'
import { mayOf } from '../test/session'

const LI: Account = { account_id: 'acc-1', name: '李梅', role: 'liaison' }
const WANG: Account = { account_id: 'acc-2', name: '王芳', role: 'clerk' }

function signedInAs(account: Account) {
  session.value = {
    ledger: { set_up: true, unencrypted_ledger: false, accounts: [LI.name, WANG.name] },
    account,
    may: mayOf(account.role), idle_minutes: 15,
  }
}

async function mountAccounts(as: Account, handlers: Record<string, Handler> = {}) {
  signedInAs(as)
  const core = fakeCore(handlers)
  const { w } = await mountView(AccountsView, '/accounts', [{ path: '/accounts', name: 'accounts', component: AccountsView }])
  return { w, ...core }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
const rows = () =>
  Array.from(document.querySelectorAll('[data-testid="account-row"]')).map((r) => [
    r.querySelector('[data-testid="account-row-name"]')!.textContent!.trim(),
    r.querySelector('[data-testid="account-row-role"]')!.textContent!.trim(),
  ])
const fieldError = (testid: string) =>
  byTestId(testid)!.closest('.el-form-item')!.querySelector('[data-testid="field-error"]')?.textContent ?? ''

/** The 停用 question last opened (an answered one may linger while it fades). */
const box = () => Array.from(document.querySelectorAll<HTMLElement>('.account-remove-box')).pop() ?? null
async function answer(button: string) {
  Array.from(box()!.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button'))
    .find((b) => b.textContent?.trim() === button)!
    .click()
  await settle()
}

async function pickRole(role: AccountRole) {
  click('account-add-role')
  await flushPromises()
  byTestId(`account-add-role-${role}`)!.click()
  await flushPromises()
}

freshPageEachTest()
beforeEach(() => {
  session.value = null
})

describe('accounts page, for a worker', () => {
  it('shows who is signed in and the accounts with their roles', async () => {
    const { named } = await mountAccounts(LI, { account_list: () => [LI, WANG] })
    expect(text('account-me-name')).toBe('李梅')
    expect(text('account-me-role')).toBe('村信访员')
    expect(named('account_list')).toHaveLength(1)
    expect(rows()).toEqual([['李梅', '村信访员'], ['王芳', '乡镇信访办工作人员']])
    // Oneself cannot be taken away: no 停用 on one's own row.
    const [mine, theirs] = Array.from(document.querySelectorAll('[data-testid="account-row"]'))
    expect(mine.querySelector('[data-testid="account-remove"]')).toBeNull()
    expect(mine.textContent).toContain('当前登录')
    expect(theirs.querySelector('[data-testid="account-remove"]')!.textContent).toContain('停用')
    // The four roles, each explained, and the new person types their own passphrase.
    const hints = text('account-role-hints')
    for (const says of ['村信访员', '乡镇信访办工作人员', '领导', '查看', '完整的身份证号码', '只显示部分数字']) expect(hints).toContain(says)
    expect(text('account-add-note')).toContain('本人')
    expect(text('account-add-note')).toContain('自己输入口令')
    expect(byTestId('help-link')).not.toBeNull()
    expect(document.body.textContent).not.toMatch(/\b(undefined|null|NaN)\b/)
  })

  it('adds an account with its role, then lists it', async () => {
    const zhao: Account = { account_id: 'acc-3', name: '赵主任', role: 'leader' }
    let list = [LI, WANG]
    const { named } = await mountAccounts(LI, {
      account_list: () => list,
      account_add: (a) => {
        list = [...list, { ...zhao, name: a.name as string, role: a.role as AccountRole }]
        return list[list.length - 1]
      },
    })
    setInput('account-add-name', ' 赵主任 ')
    await pickRole('leader')
    expect(text('account-add-role')).toBe('领导')
    setInput('account-add-passphrase', '赵主任的口令2026')
    setInput('account-add-again', '赵主任的口令2026')
    click('account-add-submit')
    await settle()
    expect(named('account_add').map((c) => c.args)).toEqual([{ name: '赵主任', role: 'leader', passphrase: '赵主任的口令2026' }])
    expect(text('account-added')).toContain('已新建账号：赵主任（领导）')
    expect(rows()).toContainEqual(['赵主任', '领导'])
    expect(named('account_list')).toHaveLength(2)
    // The form is empty again, passphrases too.
    expect(document.querySelector<HTMLInputElement>('[data-testid="account-add-name"]')!.value).toBe('')
    expect(document.querySelector<HTMLInputElement>('[data-testid="account-add-passphrase"]')!.value).toBe('')
  })

  it('refuses two different passphrases, or no role, without asking the core', async () => {
    const { named } = await mountAccounts(LI, { account_list: () => [LI] })
    setInput('account-add-name', '赵主任')
    setInput('account-add-passphrase', '赵主任的口令2026')
    setInput('account-add-again', '赵主任的口令2026')
    click('account-add-submit')
    await settle()
    expect(fieldError('account-add-role')).toContain('请选择角色')
    await pickRole('viewer')
    setInput('account-add-again', '赵主任的口令2025')
    click('account-add-submit')
    await settle()
    expect(named('account_add')).toHaveLength(0)
    expect(fieldError('account-add-again')).toContain('两次输入的口令不一样')
    expect(fieldError('account-add-role')).toBe('')
  })

  it('shows the core’s refusal beside the field it blames', async () => {
    const short = '口令：至少 8 个字'
    const taken = '姓名：“王芳”已有账号（或曾经有过），请换一个'
    let refusal = { kind: 'invalid', message: short, field: 'passphrase' }
    await mountAccounts(LI, { account_list: () => [LI, WANG], account_add: () => { throw refusal } })
    setInput('account-add-name', '王芳')
    await pickRole('clerk')
    setInput('account-add-passphrase', '1234')
    setInput('account-add-again', '1234')
    click('account-add-submit')
    await settle()
    expect(fieldError('account-add-passphrase')).toBe(short)
    expect(fieldError('account-add-name')).toBe('')
    refusal = { kind: 'invalid', message: taken, field: 'name' }
    click('account-add-submit')
    await settle()
    expect(fieldError('account-add-name')).toBe(taken)
    expect(fieldError('account-add-passphrase')).toBe('')
    expect(byTestId('account-added')).toBeNull()
  })

  it('takes an account away only after the question is answered yes', async () => {
    const { named } = await mountAccounts(LI, { account_list: () => [LI, WANG], account_remove: () => [LI] })
    click('account-remove')
    await settle()
    expect(box()!.textContent).toContain('停用后，“王芳”的口令就不能再打开台账')
    await answer('取消')
    expect(named('account_remove')).toHaveLength(0)
    expect(rows()).toHaveLength(2)

    click('account-remove')
    await settle()
    await answer('停用')
    expect(named('account_remove').map((c) => c.args)).toEqual([{ name: '王芳' }])
    expect(rows()).toEqual([['李梅', '村信访员']])
  })

  it('shows the core’s refusal to take an account away', async () => {
    const last = '这是唯一能打开台账的账号，不能删除：请先为接替的人建账号。'
    await mountAccounts(LI, {
      account_list: () => [LI, WANG],
      account_remove: () => { throw { kind: 'refused', message: last, field: null } },
    })
    click('account-remove')
    await settle()
    await answer('停用')
    expect(text('account-list-error')).toBe(last)
    expect(rows()).toHaveLength(2)
  })

  it('shows no list when the core refuses it', async () => {
    await mountAccounts(WANG, { account_list: () => { throw { kind: 'forbidden', message: '领导不能管理账号', field: null } } })
    expect(byTestId('account-list')).toBeNull()
    expect(byTestId('account-add')).toBeNull()
    expect(byTestId('passphrase-card')).not.toBeNull()
  })
})

describe('accounts page, for a leader or viewer', () => {
  for (const role of ['leader', 'viewer'] as const) {
    it(`a ${role} sees only who they are and the passphrase`, async () => {
      const { calls } = await mountAccounts({ account_id: 'acc-9', name: '赵主任', role })
      expect(calls.map((c) => c.name)).toEqual([])
      expect(text('account-me-role')).toBe(role === 'leader' ? '领导' : '查看')
      expect(byTestId('passphrase-card')).not.toBeNull()
      expect(byTestId('account-list')).toBeNull()
      expect(byTestId('account-add')).toBeNull()
      expect(byTestId('account-remove')).toBeNull()
    })
  }
})

describe('changing one’s own passphrase', () => {
  it('sends the old and the new passphrase', async () => {
    const { named } = await mountAccounts({ account_id: 'acc-9', name: '赵主任', role: 'viewer' }, {
      account_passphrase: () => ({}),
    })
    setInput('passphrase-old', '旧的口令abc')
    setInput('passphrase-new', '新的口令xyz')
    setInput('passphrase-again', '新的口令xyz')
    click('passphrase-submit')
    await settle()
    expect(named('account_passphrase').map((c) => c.args)).toEqual([{ old: '旧的口令abc', new: '新的口令xyz' }])
    expect(text('passphrase-changed')).toContain('口令已修改')
    expect(document.querySelector<HTMLInputElement>('[data-testid="passphrase-old"]')!.value).toBe('')
  })

  it('refuses two different new passphrases without asking the core', async () => {
    const { named } = await mountAccounts(LI, { account_list: () => [LI] })
    setInput('passphrase-old', '旧的口令abc')
    setInput('passphrase-new', '新的口令xyz')
    setInput('passphrase-again', '新的口令xy')
    click('passphrase-submit')
    await settle()
    expect(named('account_passphrase')).toHaveLength(0)
    expect(fieldError('passphrase-again')).toContain('两次输入的口令不一样')
    expect(byTestId('passphrase-changed')).toBeNull()
  })

  it('forgets what was typed when the ledger locks', async () => {
    const { named } = await mountAccounts(LI, { account_list: () => [LI] })
    setInput('passphrase-old', '旧的口令abc')
    setInput('passphrase-new', '新的口令xyz')
    setInput('account-add-name', '赵主任')
    setInput('account-add-passphrase', '赵主任的口令2026')
    await flushPromises()
    session.value = { ...session.value!, account: null, may: null }
    await flushPromises()
    expect(byTestId('account-add')).toBeNull()
    // Signed in again: the list is read again, the name is still there, no passphrase is.
    signedInAs(LI)
    await flushPromises()
    expect(named('account_list')).toHaveLength(2)
    expect(document.querySelector<HTMLInputElement>('[data-testid="account-add-name"]')!.value).toBe('赵主任')
    for (const id of ['passphrase-old', 'passphrase-new', 'account-add-passphrase']) {
      expect(document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!.value, id).toBe('')
    }
  })

  it('marks a wrong old passphrase, and a short new one, with the core’s message', async () => {
    let refusal = { kind: 'invalid', message: '原口令：不对，请重新输入', field: 'old' }
    await mountAccounts(LI, { account_list: () => [LI], account_passphrase: () => { throw refusal } })
    setInput('passphrase-old', '猜的口令')
    setInput('passphrase-new', '新的口令xyz')
    setInput('passphrase-again', '新的口令xyz')
    click('passphrase-submit')
    await settle()
    expect(fieldError('passphrase-old')).toBe('原口令：不对，请重新输入')
    refusal = { kind: 'invalid', message: '口令：至少 8 个字', field: 'passphrase' }
    click('passphrase-submit')
    await settle()
    expect(fieldError('passphrase-new')).toBe('口令：至少 8 个字')
    expect(fieldError('passphrase-old')).toBe('')
    expect(byTestId('passphrase-changed')).toBeNull()
  })
})
