// The 经办人 offered on a form: the name last remembered here, else the
// person signed in.
import { afterEach, describe, expect, it } from 'vitest'
import { rememberActor, savedActor } from './actor'
import { session } from './session'
import { mayOf } from './test/session'

afterEach(() => {
  localStorage.clear()
  session.value = null
})

describe('savedActor', () => {
  it('offers the signed-in person until a name is remembered', () => {
    expect(savedActor()).toBe('')
    session.value = {
      ledger: { set_up: true, unencrypted_ledger: false, accounts: ['李梅'] },
      account: { account_id: 'a', name: '李梅', role: 'clerk' },
      may: mayOf('clerk'), idle_minutes: 15,
    }
    expect(savedActor()).toBe('李梅')
    rememberActor(' 王某 ')
    expect(savedActor()).toBe('王某')
  })
})
