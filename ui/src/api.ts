// The one bridge to the Rust core: `invoke('call', { name, args })`.
import { invoke } from '@tauri-apps/api/core'
import type { Commands } from './bindings/commands'

/** Every command of the one `call` (the core's, sync's, print's, sheets' and
 * the shell's own), each with its arguments, result and access class;
 * generated from the shell's one catalogue. */
export type { Commands }
export type CommandName = keyof Commands

/** The error every command rejects with. `message` is Chinese, for the user. */
export interface CoreError {
  kind: string
  message: string
  /** e.g. "petitioners[0].id_number" or "request"; null when no field is to blame. */
  field: string | null
  /** A form refused on several fields at once (the intake): each with its message, the first being `field`. */
  fields?: { field: string | null; message: string }[]
}

export function isCoreError(e: unknown): e is CoreError {
  if (typeof e !== 'object' || e === null) return false
  const o = e as Record<string, unknown>
  return (
    typeof o.kind === 'string' &&
    typeof o.message === 'string' &&
    (o.field === null || o.field === undefined || typeof o.field === 'string')
  )
}

/** True when running inside the Tauri webview (the IPC bridge is present). */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window
}

export const NOT_IN_APP: CoreError = {
  kind: 'not_in_app',
  message: '无法连接本机台账程序：请在“信访台账”桌面程序中打开本页面。',
  field: null,
}

/** Turns whatever a rejection carried into a CoreError with a Chinese message. */
export function toCoreError(e: unknown): CoreError {
  if (isCoreError(e)) {
    const fields = (e as { fields?: unknown }).fields
    const ok = Array.isArray(fields) && fields.every((f) => typeof f === 'object' && f !== null && typeof f.message === 'string')
    return { kind: e.kind, message: e.message, field: e.field ?? null, ...(ok ? { fields: fields as CoreError['fields'] } : {}) }
  }
  if (typeof e === 'string' && e.trim()) return { kind: 'internal', message: e, field: null }
  return { kind: 'internal', message: '操作失败：程序内部错误，请重试或联系技术人员。', field: null }
}

type Invoke = (cmd: string, args: Record<string, unknown>) => Promise<unknown>
let invoker: Invoke = (cmd, args) => invoke(cmd, args)
let checkEnv = inTauri

/** For tests: replace the Tauri invoke (and skip the in-app check). */
export function setInvoker(f: Invoke | null): void {
  invoker = f ?? ((cmd, args) => invoke(cmd, args))
  checkEnv = f ? () => true : inTauri
}

type LockedHandler = (e: CoreError) => void
let lockedHandler: LockedHandler | null = null

/**
 * What to do when a command is refused because the shell has locked the
 * ledger (kind 'locked', after the idle limit): the app shows the sign-in
 * form. One handler; registering another replaces it, null removes it.
 */
export function onLocked(handler: LockedHandler | null): void {
  lockedHandler = handler
}

/** Calls a core command; rejects with a CoreError. */
export async function call<N extends CommandName>(
  name: N,
  args: Commands[N]['args'],
): Promise<Commands[N]['output']> {
  if (!checkEnv()) throw NOT_IN_APP
  try {
    return (await invoker('call', { name, args })) as Commands[N]['output']
  } catch (e) {
    const err = toCoreError(e)
    if (err.kind === 'locked') lockedHandler?.(err)
    throw err
  }
}
