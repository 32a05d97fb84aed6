// Mounting a view the way the app shows it (Element Plus, a router at the
// view's own path, attached to the document so teleported dialogs and
// data-testid lookups work) and driving it through its test hooks.
import { afterEach, beforeEach } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import type { Component } from 'vue'
import { setInvoker } from '../api'
import { resetCoreToday } from '../transitions'

// Every screen's header links to the help page; a stand-in keeps that link
// resolvable in a test's small router.
const helpStandIn: RouteRecordRaw = { path: '/help', name: 'help', component: { template: '<div />' } }

export async function mountView(view: Component, path: string, routes: RouteRecordRaw[], props: Record<string, unknown> = {}) {
  const withHelp = routes.some((r) => r.path === '/help') ? routes : [...routes, helpStandIn]
  const router = createRouter({ history: createMemoryHistory(), routes: withHelp })
  router.push(path)
  await router.isReady()
  const w = mount(view, { props, global: { plugins: [ElementPlus, router] }, attachTo: document.body })
  await flushPromises()
  return { w, router }
}

/**
 * Every test starts with nothing remembered on the machine and the core's day
 * asked anew, and leaves no page or fake core behind for the next one.
 */
export function freshPageEachTest(): void {
  // Unmounted before the fake core goes: a page's pending timers (a debounced
  // lookup, an autosave) stop with it instead of calling into the next test.
  enableAutoUnmount(afterEach)
  beforeEach(() => {
    localStorage.clear()
    resetCoreToday()
  })
  afterEach(() => {
    setInvoker(null)
    document.body.innerHTML = ''
  })
}

/** Types into a native input or textarea as the user's input event would. */
export function setInput(testid: string, value: string): void {
  const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testid}"]`)!
  el.value = value
  el.dispatchEvent(new Event('input'))
}

/** Clicks a hook; on a radio or checkbox wrapper, its native input. */
export function click(testid: string): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!
  ;(el.querySelector('input') ?? el).click()
}

/** Element Plus shows form-item errors after a short debounce. */
export async function settle(): Promise<void> {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 250))
  await flushPromises()
}
