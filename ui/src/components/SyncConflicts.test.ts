// 同步冲突: both sides shown with who and when, a clock-ahead warning, the
// clerk's choice sent to the core with who decided, and a refusal shown.
import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView, setInput } from '../test/page'
import SyncConflicts from './SyncConflicts.vue'
import type { ConflictView } from '../bindings/ConflictView'

const Blank = defineComponent({ template: '<div />' })

function conflict(over: Partial<ConflictView> = {}): ConflictView {
  return {
    id: 'k1', case_id: 'c1', case_number: '石岩哨村信〔2026〕第1号', unit: 'lifecycle', label: '办理进度',
    kept: { value: '代言代访，正在化解，延期 20 天', by: '石岩哨村', at: '2027-03-04T02:00:00.000000Z' },
    lost: { value: '反馈结果，正在化解，2026年3月4日办结', by: '路居镇（本机）', at: '2026-03-04T03:00:00.000000Z' },
    clock_ahead: true, detected_at: '2026-03-04T03:10:00.000000Z', settled_at: null, settled_by: null, settlement: null,
    ...over,
  }
}

async function mountConflicts(handlers: Parameters<typeof fakeCore>[0]) {
  const core = fakeCore(handlers)
  const { w } = await mountView(SyncConflicts, '/sync', [
    { path: '/sync', component: SyncConflicts },
    { path: '/case/:id', component: Blank },
  ])
  return { w, core }
}

function click(testid: string) {
  document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!.click()
}

describe('SyncConflicts', () => {
  freshPageEachTest()

  it('shows both sides with who and when, and warns of a clock running ahead', async () => {
    const { w } = await mountConflicts({ conflict_list: () => [conflict()] })
    expect(w.get('[data-testid="conflict-kept"]').text()).toBe('代言代访，正在化解，延期 20 天')
    expect(w.get('[data-testid="conflict-lost"]').text()).toBe('反馈结果，正在化解，2026年3月4日办结')
    expect(w.text()).toContain('石岩哨村 · 2027年3月4日 10:00')
    expect(w.get('[data-testid="conflict-clock-ahead"]').text()).toContain('时钟超前')
    expect(w.get('a').attributes('href')).toBe('/case/c1')
  })

  it('sends the clerk’s choice with who decided, then lists what is left', async () => {
    let open = [conflict()]
    const { core } = await mountConflicts({
      conflict_list: () => open,
      conflict_settle: (a) => {
        open = []
        return { ...conflict(), settled_at: 'x', settled_by: a.actor as string, settlement: 'changed' }
      },
    })
    click('conflict-take-lost')
    await flushPromises()
    expect(document.body.textContent).toContain('办理进度将定为：反馈结果，正在化解，2026年3月4日办结')
    setInput('conflict-actor', '王某')
    click('conflict-submit')
    await flushPromises()
    expect(core.named('conflict_settle')[0].args).toEqual({ id: 'k1', choice: 'lost', actor: '王某' })
    expect(core.named('conflict_list')).toHaveLength(2)
    expect(document.body.textContent).toContain('没有待确认的同步冲突')
  })

  it('shows the core’s refusal in the dialog and keeps the conflict listed', async () => {
    const { w } = await mountConflicts({
      conflict_list: () => [conflict()],
      conflict_settle: () => {
        throw { kind: 'refused', message: '这个冲突已经处理过了。', field: null }
      },
    })
    click('conflict-keep')
    await flushPromises()
    setInput('conflict-actor', '王某')
    click('conflict-submit')
    await flushPromises()
    expect(document.body.textContent).toContain('这个冲突已经处理过了。')
    expect(w.findAll('[data-testid="conflict"]')).toHaveLength(1)
  })

  it('lists settled conflicts with how they were settled when asked', async () => {
    const { w, core } = await mountConflicts({
      conflict_list: (a) => (a.open_only ? [] : [conflict({ settled_at: '2026-03-05T01:00:00Z', settled_by: '王某', settlement: 'kept' })]),
    })
    expect(w.text()).toContain('没有待确认的同步冲突')
    await w.get('[data-testid="conflicts-show-settled"] input').setValue(true)
    await flushPromises()
    expect(core.named('conflict_list').map((c) => c.args.open_only)).toEqual([true, false])
    expect(w.get('[data-testid="conflict-settled"]').text()).toContain('已确认现结果（王某')
    expect(w.find('[data-testid="conflict-keep"]').exists()).toBe(false)
  })
})
