// Who is at the keyboard: the case page, agreements, revisits and screening
// share one remembered name, so whoever signed the last step on this machine
// is offered again on the next form; on a machine where nobody has yet, the
// person signed in.
import { session } from './session'

const ACTOR_KEY = 'xinfang.actor'

/** The name last remembered on this machine, else the signed-in person's. */
export function savedActor(): string {
  let remembered: string | null = null
  try {
    remembered = localStorage.getItem(ACTOR_KEY)
  } catch {
    /* storage may be off */
  }
  return remembered || session.value?.account?.name || ''
}

export function rememberActor(name: string): void {
  try {
    localStorage.setItem(ACTOR_KEY, name.trim())
  } catch {
    /* storage may be off; remembering is only a convenience */
  }
}
