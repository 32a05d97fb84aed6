// 同步: the fingerprint shown large, peers with what they have yet to
// acknowledge, enrolment with the fingerprint field marked on a mismatch,
// export to a detected stick, an import whose refused file shows its reason,
// and network sync where an unreachable server is a calm grey line.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import SyncView from './SyncView.vue'
import { pickBundle, pickEnrolment, pickFolder } from '../pickers'
import type { ImportReport } from '../bindings/ImportReport'
import type { PeerStatus } from '../bindings/PeerStatus'
import type { SyncIdentity } from '../bindings/SyncIdentity'
import type { SyncStatus } from '../bindings/SyncStatus'

const village: SyncIdentity = {
  device_id: 'dev-v', name: '石岩哨村', role: 'village', fingerprint: '7K3Q-M2XD-9FTA-R8VN-C',
  fingerprint_groups: ['7K3Q', 'M2XD', '9FTA', 'R8VN', 'C'], enrolment_file: null,
}

function peer(over: Partial<PeerStatus> = {}): PeerStatus {
  return {
    device_id: 'dev-t', name: '路居镇', role: 'township', fingerprint: 'AB12-CD34-EF56-GH78-9', revoked_at: null,
    pending: 3, held_seq: 0, last_import_at: null, last_export_at: '2026-05-06T01:00:00Z', days_since_import: null,
    ...over,
  }
}

function status(peers: PeerStatus[]): SyncStatus {
  return { device: { device_id: 'dev-v', role: 'village', name: '石岩哨村', created_at: '2026-03-01T00:00:00Z' }, own_entries: 3, peers }
}

const refusedImport: ImportReport = {
  imported: 1, already_imported: 0, refused: 1,
  files: [
    {
      path: '/media/li/U/0-坏.xfb', file_name: '0-坏.xfb', outcome: 'refused', bundle: null,
      refusal: { kind: 'damaged', message: '数据包已损坏或不完整（可能是拷贝中断或 U 盘出错），请重新拷贝或重新导出。' },
    },
    {
      path: '/media/li/U/路居镇-致石岩哨村-20260506-回执0001.xfb', file_name: '路居镇-致石岩哨村-20260506-回执0001.xfb',
      outcome: 'imported', refusal: null,
      bundle: { kind: 'return', from_device: 'dev-t', from_name: '路居镇', first_seq: 1, last_seq: 0, new_entries: 0, already_held: 0, acknowledged: 3 },
    },
  ],
}

async function mountSync(handlers: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const core = fakeCore({
    sync_identity: () => village,
    sync_status: () => status([peer()]),
    sync_places: () => [{ path: '/media/li/KINGSTON', label: 'U盘 KINGSTON（/media/li/KINGSTON）' }],
    conflict_list: () => [],
    ...handlers,
  })
  const { w } = await mountView(SyncView, '/sync', [{ path: '/sync', component: SyncView }])
  return { w, ...core }
}

// The system's file chooser: each test says what the user picks.
vi.mock('../pickers', () => ({ pickBundle: vi.fn(), pickEnrolment: vi.fn(), pickFolder: vi.fn() }))

freshPageEachTest()
beforeEach(() => {
  for (const pick of [pickBundle, pickEnrolment, pickFolder]) vi.mocked(pick).mockReset()
})
afterEach(() => vi.useRealTimers())

const value = (testid: string) => document.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!.value

describe('sync page', () => {
  it('shows the fingerprint in groups and each peer with what it has yet to acknowledge', async () => {
    const { w } = await mountSync()
    const groups = w.findAll('[data-testid="sync-fingerprint"] .fp-group').map((g) => g.text())
    expect(groups).toEqual(['7K3Q', 'M2XD', '9FTA', 'R8VN', 'C'])
    const rows = w.findAll('[data-testid="sync-peer"]')
    expect(rows).toHaveLength(1)
    expect(rows[0].text()).toContain('路居镇')
    expect(rows[0].text()).toContain('AB12-CD34-EF56-GH78-9')
    expect(rows[0].find('[data-testid="sync-peer-pending"]').text()).toBe('3 条')
    expect(rows[0].find('[data-testid="sync-peer-state"]').text()).toBe('有效')
    expect(rows[0].find('[data-testid="sync-peer-out"]').text()).toContain('2026年5月6日 09:00')
    expect(rows[0].find('[data-testid="sync-peer-in"]').text()).toBe('还没有')
    expect(w.text()).not.toMatch(/\b(undefined|null|NaN)\b/)
  })

  it('saves the enrolment file where asked and shows where it went', async () => {
    const { named } = await mountSync({
      sync_identity: (a) => ({ ...village, enrolment_file: a.save_to ? `${a.save_to}/石岩哨村-设备登记文件.json` : null }),
    })
    setInput('sync-save-to', '/media/li/KINGSTON')
    click('sync-save-enrolment')
    await flushPromises()
    expect(named('sync_identity').slice(-1)[0].args).toEqual({ save_to: '/media/li/KINGSTON' })
    expect(document.querySelector('[data-testid="sync-saved-file"]')!.textContent).toContain(
      '/media/li/KINGSTON/石岩哨村-设备登记文件.json')
  })

  it('marks the fingerprint field with the Chinese error when it does not match, and enrols when it does', async () => {
    const mismatch = '指纹不一致：输入的是 7K3Q-M2XD-9FTA-R8VN-D，登记文件里的是 AB12-CD34-EF56-GH78-9。'
    let tries = 0
    const { named } = await mountSync({
      sync_enrol: () => {
        tries += 1
        if (tries === 1) throw { kind: 'fingerprint', message: mismatch, field: 'fingerprint' }
        return { device_id: 'dev-t', role: 'township', name: '路居镇', fingerprint: 'AB12-CD34-EF56-GH78-9' }
      },
    })
    setInput('sync-enrol-file', '/media/li/KINGSTON/路居镇-设备登记文件.json')
    setInput('sync-enrol-fingerprint', '7K3Q-M2XD-9FTA-R8VN-D')
    setInput('sync-enrol-by', '李某')
    click('sync-enrol-submit')
    await settle()
    expect(named('sync_enrol')[0].args).toEqual({
      file: '/media/li/KINGSTON/路居镇-设备登记文件.json', fingerprint: '7K3Q-M2XD-9FTA-R8VN-D', by: '李某',
    })
    const fpInput = document.querySelector('[data-testid="sync-enrol-fingerprint"]')!
    const item = fpInput.closest('.el-form-item')!
    expect(item.classList.contains('is-error')).toBe(true)
    expect(item.querySelector('[data-testid="field-error"]')!.textContent).toBe(mismatch)
    // The file field is not blamed.
    expect(document.querySelector('[data-testid="sync-enrol-file"]')!.closest('.el-form-item')!.classList.contains('is-error')).toBe(false)

    setInput('sync-enrol-fingerprint', 'AB12-CD34-EF56-GH78-9')
    click('sync-enrol-submit')
    await settle()
    expect(document.querySelectorAll('[data-testid="field-error"]')).toHaveLength(0)
    expect(named('sync_status').length).toBeGreaterThanOrEqual(2) // reloaded after enrolling
    expect(localStorage.getItem('xinfang.actor')).toBe('李某')
  })

  it('exports to a detected USB stick and shows the file and the range', async () => {
    const { named } = await mountSync({
      sync_export: (a) => [{
        path: `${a.dir}/石岩哨村-20260506-000001-000003.xfb`, file_name: '石岩哨村-20260506-000001-000003.xfb',
        kind: 'changes', to_device: 'dev-t', to_name: '路居镇', first_seq: 1, last_seq: 3, entries: 3, bytes: 900,
      }],
    })
    click('sync-place')
    await flushPromises()
    click('sync-export-submit')
    await flushPromises()
    expect(named('sync_export')[0].args).toEqual({ dir: '/media/li/KINGSTON' })
    const done = document.querySelector('[data-testid="sync-exported"]')!.textContent!
    expect(done).toContain('第 1–3 条变更（3 条），给 路居镇')
    expect(done).toContain('/media/li/KINGSTON/石岩哨村-20260506-000001-000003.xfb')
    expect(done).not.toContain('分为')
  })

  it('exports to the folder chosen in the system\'s chooser; a cancelled chooser leaves the typed one', async () => {
    const { named } = await mountSync({ sync_export: () => [] })
    setInput('sync-export-dir', '/tmp/typed')
    vi.mocked(pickFolder).mockResolvedValueOnce(null)
    click('sync-export-dir-pick')
    await flushPromises()
    expect(vi.mocked(pickFolder).mock.calls[0][1]).toBe('/tmp/typed')
    expect(value('sync-export-dir')).toBe('/tmp/typed')

    vi.mocked(pickFolder).mockResolvedValueOnce('/media/li/NONAME/台账')
    click('sync-export-dir-pick')
    await flushPromises()
    expect(value('sync-export-dir')).toBe('/media/li/NONAME/台账')
    click('sync-export-submit')
    await flushPromises()
    expect(named('sync_export').map((c) => c.args)).toEqual([{ dir: '/media/li/NONAME/台账' }])
  })

  it('imports one bundle or a folder chosen in the system\'s chooser', async () => {
    const { named } = await mountSync({ sync_import: () => ({ imported: 0, already_imported: 0, refused: 0, files: [] }) })
    vi.mocked(pickBundle).mockResolvedValueOnce('/media/li/U/路居镇-致石岩哨村-20260506-回执0001.xfb')
    click('sync-import-file-pick')
    await flushPromises()
    click('sync-import-submit')
    await flushPromises()
    vi.mocked(pickFolder).mockResolvedValueOnce('/media/li/U')
    click('sync-import-folder-pick')
    await flushPromises()
    click('sync-import-submit')
    await flushPromises()
    expect(named('sync_import').map((c) => c.args)).toEqual([
      { paths: ['/media/li/U/路居镇-致石岩哨村-20260506-回执0001.xfb'] },
      { paths: ['/media/li/U'] },
    ])
  })

  it('takes the enrolment file, and where to save this device\'s, from the system\'s chooser', async () => {
    await mountSync()
    vi.mocked(pickEnrolment).mockResolvedValueOnce('/media/li/U/路居镇-设备登记文件.json')
    click('sync-enrol-file-pick')
    vi.mocked(pickFolder).mockResolvedValueOnce('/media/li/U')
    click('sync-save-to-pick')
    await flushPromises()
    expect(value('sync-enrol-file')).toBe('/media/li/U/路居镇-设备登记文件.json')
    expect(value('sync-save-to')).toBe('/media/li/U')
  })

  it('names every part of an export split into several bundles', async () => {
    const part = (first: number, last: number) => ({
      path: `/media/li/KINGSTON/石岩哨村-20260506-${String(first).padStart(6, '0')}-${String(last).padStart(6, '0')}.xfb`,
      file_name: '', kind: 'changes', to_device: 'dev-t', to_name: '路居镇', first_seq: first, last_seq: last,
      entries: last - first + 1, bytes: 150 << 20,
    })
    await mountSync({ sync_export: () => [part(1, 40), part(41, 41), part(42, 90)] })
    setInput('sync-export-dir', '/media/li/KINGSTON')
    click('sync-export-submit')
    await settle()
    const done = document.querySelector('[data-testid="sync-exported"]')!.textContent!
    expect(done).toContain('第 1–90 条变更（90 条），给 路居镇，分为 3 个数据包')
    const files = [...document.querySelectorAll('[data-testid="sync-exported-path"]')].map((e) => e.textContent)
    expect(files).toEqual([part(1, 40).path, part(41, 41).path, part(42, 90).path])
  })

  it('shows why an export was refused', async () => {
    await mountSync({
      sync_export: () => {
        throw { kind: 'nothing_to_export', message: '没有需要导出的变更：对方已确认收到本机的全部变更。', field: null }
      },
    })
    setInput('sync-export-dir', '/tmp/x')
    click('sync-export-submit')
    await settle()
    expect(document.querySelector('[data-testid="sync-export"]')!.textContent).toContain('没有需要导出的变更')
    expect(document.querySelector('[data-testid="sync-exported"]')).toBeNull()
  })

  it('imports a folder and shows each file: a refused one in red with its message, the return as acknowledged', async () => {
    let acked = false
    const { named } = await mountSync({
      sync_import: () => {
        acked = true
        return refusedImport
      },
      sync_status: () => status([peer(acked ? { pending: 0, last_import_at: '2026-05-06T02:00:00Z', days_since_import: 0 } : {})]),
    })
    setInput('sync-import-path', '/media/li/U')
    click('sync-import-submit')
    await flushPromises()
    expect(named('sync_import')[0].args).toEqual({ paths: ['/media/li/U'] })
    const files = document.querySelectorAll('[data-testid="sync-import-file"]')
    expect(files).toHaveLength(2)
    expect(files[0].classList.contains('refused')).toBe(true)
    expect(files[0].querySelector('[data-testid="sync-import-outcome"]')!.textContent).toContain('数据包已损坏或不完整')
    expect(files[1].querySelector('[data-testid="sync-import-outcome"]')!.textContent).toBe(
      '已收到 路居镇 的回执：对方已收到本机第 1–3 条变更')
    expect(document.querySelector('[data-testid="sync-import-report"]')!.textContent).toContain('拒收 1 个')
    // The peers are read again: nothing is waiting for the township any more.
    expect(document.querySelector('[data-testid="sync-peer-pending"]')!.textContent).toBe('无')
    expect(document.querySelector('[data-testid="sync-peer-in"]')!.textContent).toContain('（今天）')
  })

  it('says what a return brought back and lists the conflicts it caused', async () => {
    const back = structuredClone(refusedImport)
    back.files = [back.files[1]]
    back.files[0].bundle!.new_entries = 2
    back.refused = 0
    let imported = false
    const { named } = await mountSync({
      sync_import: () => {
        imported = true
        return back
      },
      conflict_list: () => (imported ? [{
        id: 'k1', case_id: 'c1', case_number: '石岩哨村信〔2026〕第1号', unit: 'lifecycle', label: '办理进度',
        kept: { value: '反馈结果，正在化解，2026年5月6日办结', by: '路居镇', at: '2026-05-06T02:00:00.000000Z' },
        lost: { value: '代言代访，正在化解，延期 30 天', by: '石岩哨村（本机）', at: '2026-05-06T01:00:00.000000Z' },
        clock_ahead: false, detected_at: '2026-05-06T03:00:00.000000Z', settled_at: null, settled_by: null, settlement: null,
      }] : []),
    })
    expect(document.body.textContent).toContain('没有待确认的同步冲突')
    setInput('sync-import-path', '/media/li/U')
    click('sync-import-submit')
    await flushPromises()
    expect(document.querySelector('[data-testid="sync-import-outcome"]')!.textContent).toBe(
      '已收到 路居镇 的回执：对方已收到本机第 1–3 条变更；带回乡镇对本村信访事项的 2 条交办、反馈')
    expect(named('conflict_list')).toHaveLength(2)
    expect(document.querySelector('[data-testid="conflict-kept"]')!.textContent).toBe('反馈结果，正在化解，2026年5月6日办结')
  })

  it('revokes a device with the reason typed', async () => {
    const { named } = await mountSync({
      sync_revoke: (a) => ({ device_id: a.device_id, name: '路居镇', revoked_at: '2026-05-06T02:00:00Z', revoke_reason: a.reason }),
    })
    click('sync-peer-revoke')
    await flushPromises()
    setInput('sync-revoke-reason', '电脑丢失')
    click('sync-revoke-submit')
    await flushPromises()
    expect(named('sync_revoke')[0].args).toEqual({ device_id: 'dev-t', reason: '电脑丢失' })
  })

  it('an unreachable server is a calm grey status, no error message pops up', async () => {
    const { named } = await mountSync({
      sync_over_http: () => {
        throw { kind: 'unreachable', message: '连不上乡镇服务器 http://10.0.0.9:8740（connection refused）。', field: null }
      },
    })
    setInput('sync-server', '10.0.0.9:8740')
    click('sync-now')
    await settle()
    expect(named('sync_over_http')[0].args).toEqual({ server: '10.0.0.9:8740' })
    const last = document.querySelector('[data-testid="sync-last"]')!
    expect(last.classList.contains('unreachable')).toBe(true)
    expect(last.textContent).toContain('连不上乡镇服务器')
    expect(document.querySelector('.el-message--error')).toBeNull()
  })

  it('syncs, remembers the server, and with 自动同步 on tries again every five minutes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { named } = await mountSync({
      sync_over_http: (a) => ({
        server: `http://${a.server}`, retries: 0,
        sent: { first_seq: 1, last_seq: 3, new_entries: 3 },
        returned: { kind: 'return', from_device: 'dev-t', from_name: '路居镇', first_seq: 1, last_seq: 0, new_entries: 0, already_held: 0, acknowledged: 3 },
      }),
    })
    setInput('sync-server', '10.0.0.9:8740')
    click('sync-now')
    await flushPromises()
    expect(localStorage.getItem('xinfang.sync.server')).toBe('http://10.0.0.9:8740')
    const last = document.querySelector('[data-testid="sync-last"]')!
    expect(last.classList.contains('ok')).toBe(true)
    expect(last.textContent).toContain('已上传第 1–3 条变更，乡镇新增 3 条')
    expect(last.textContent).toContain('乡镇已收到本机第 1–3 条变更')

    click('sync-auto')
    await flushPromises()
    expect(localStorage.getItem('xinfang.sync.auto')).toBe('1')
    const afterSwitch = named('sync_over_http').length
    expect(afterSwitch).toBe(2) // one try at once
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000)
    await flushPromises()
    expect(named('sync_over_http').length).toBe(3)
    click('sync-auto')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(10 * 60 * 1000)
    expect(named('sync_over_http').length).toBe(3)
  })

  describe('a village enrolled with more than one township', () => {
    const OLD = 'a1b2c3d4-0000-4000-8000-000000000001'
    const NEW = 'e5f6a7b8-0000-4000-8000-000000000002'
    const OTHER = 'c9d0e1f2-0000-4000-8000-000000000003'
    const twoTownships = () => status([
      peer({ device_id: OLD, name: '路居镇' }),
      peer({ device_id: NEW, name: '路居镇' }),
      peer({ device_id: OTHER, name: '马街镇' }),
      peer({ device_id: 'dd00aa11-revoked', name: '旧乡镇', revoked_at: '2026-04-01T00:00:00Z' }),
    ])
    const synced = (a: Record<string, unknown>) => ({
      server: `http://${a.server}`, retries: 0, sent: null,
      returned: { kind: 'return', from_device: NEW, from_name: '路居镇', first_seq: 1, last_seq: 0, new_entries: 0, already_held: 0, acknowledged: null },
    })
    const disabled = (testid: string) => document.querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`)!.disabled

    it('asks 同步给 which township, by name and the start of the id when two share one, before syncing or exporting', async () => {
      const { named } = await mountSync({ sync_status: twoTownships, sync_over_http: synced, sync_export: () => [] })
      expect(document.querySelector('[data-testid="sync-to-card"]')!.textContent).toContain('同步给')
      setInput('sync-server', '10.0.0.9:8740')
      setInput('sync-export-dir', '/media/li/KINGSTON')
      await flushPromises()
      expect(disabled('sync-now')).toBe(true)
      expect(disabled('sync-export-submit')).toBe(true)
      click('sync-now')
      click('sync-export-submit')
      await flushPromises()
      expect(named('sync_over_http')).toHaveLength(0)
      expect(named('sync_export')).toHaveLength(0)

      click('sync-to')
      await flushPromises()
      const options = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
      // The revoked one is not offered.
      expect(options.map((o) => o.textContent?.trim())).toEqual(['路居镇（a1b2c3d4）', '路居镇（e5f6a7b8）', '马街镇'])
      options[1].click()
      await flushPromises()
      expect(disabled('sync-now')).toBe(false)
      expect(disabled('sync-export-submit')).toBe(false)

      click('sync-now')
      await flushPromises()
      click('sync-export-submit')
      await flushPromises()
      expect(named('sync_over_http').map((c) => c.args)).toEqual([{ server: '10.0.0.9:8740', to: NEW }])
      expect(named('sync_export').map((c) => c.args)).toEqual([{ dir: '/media/li/KINGSTON', to: NEW }])
    })

    it('remembers the township chosen, for the next time and for 自动同步', async () => {
      localStorage.setItem('xinfang.sync.to', OTHER)
      localStorage.setItem('xinfang.sync.server', 'http://10.0.0.9:8740')
      const { named } = await mountSync({ sync_status: twoTownships, sync_over_http: synced })
      expect(document.querySelector('[data-testid="sync-to"]')!.textContent).toContain('马街镇')
      click('sync-auto')
      await flushPromises()
      expect(named('sync_over_http').map((c) => c.args)).toEqual([{ server: 'http://10.0.0.9:8740', to: OTHER }])
    })

    it('a remembered township no longer enrolled is not sent: it is asked again', async () => {
      localStorage.setItem('xinfang.sync.to', 'dd00aa11-revoked')
      localStorage.setItem('xinfang.sync.server', 'http://10.0.0.9:8740')
      const { named } = await mountSync({ sync_status: twoTownships, sync_over_http: synced })
      expect(disabled('sync-now')).toBe(true)
      click('sync-auto')
      await flushPromises()
      expect(named('sync_over_http')).toHaveLength(0)
    })
  })

  it('a village with one township (others revoked) is not asked which, and sends no `to`', async () => {
    const { named } = await mountSync({
      sync_status: () => status([peer(), peer({ device_id: 'dev-t-old', name: '路居镇', revoked_at: '2026-04-01T00:00:00Z' })]),
      sync_over_http: (a) => ({
        server: `http://${a.server}`, retries: 0, sent: null,
        returned: { kind: 'return', from_device: 'dev-t', from_name: '路居镇', first_seq: 1, last_seq: 0, new_entries: 0, already_held: 0, acknowledged: null },
      }),
      sync_export: () => [],
    })
    expect(document.querySelector('[data-testid="sync-to"]')).toBeNull()
    expect(document.querySelector('[data-testid="sync-to-card"]')).toBeNull()
    setInput('sync-server', '10.0.0.9:8740')
    click('sync-now')
    await flushPromises()
    setInput('sync-export-dir', '/tmp/x')
    click('sync-export-submit')
    await flushPromises()
    expect(named('sync_over_http').map((c) => c.args)).toEqual([{ server: '10.0.0.9:8740' }])
    expect(named('sync_export').map((c) => c.args)).toEqual([{ dir: '/tmp/x' }])
  })

  it('at the township: no network form, the export asks which village', async () => {
    const { w } = await mountSync({
      sync_identity: () => ({ ...village, role: 'township', name: '路居镇' }),
      sync_status: () => status([peer({ device_id: 'dev-v', name: '石岩哨村', role: 'village' })]),
    })
    expect(w.find('[data-testid="sync-server"]').exists()).toBe(false)
    expect(w.find('[data-testid="sync-export-to"]').exists()).toBe(true)
    expect(w.find('[data-testid="sync-to"]').exists()).toBe(false)
    expect(w.text()).toContain('xinfang serve')
  })
})
