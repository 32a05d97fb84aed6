// What the shell answers for a signed-in account in these tests: `may` as
// the core's `access::permissions` gives it for each role (kept in step by
// the Rust test `permissions_are_what_the_checks_allow`).
import type { AccountRole } from '../bindings/AccountRole'
import type { Permissions } from '../bindings/Permissions'

export function mayOf(role: AccountRole): Permissions {
  const works = role === 'liaison' || role === 'clerk'
  return { work: works, reveal: role !== 'viewer', print_personal: works }
}
