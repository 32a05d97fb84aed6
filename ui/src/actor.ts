// Who is at the keyboard: the case page, agreements, revisits and screening
// share one remembered name, so whoever signed the last step on this machine
// is offered again on the next form.
const ACTOR_KEY = 'xinfang.actor'

export function savedActor(): string {
  try {
    return localStorage.getItem(ACTOR_KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberActor(name: string): void {
  try {
    localStorage.setItem(ACTOR_KEY, name.trim())
  } catch {
    /* storage may be off; remembering is only a convenience */
  }
}
