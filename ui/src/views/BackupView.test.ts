// 备份: the folder picked in the system's chooser is what gets saved; a backup
// made now names its file and the old ones removed; a restore is checked,
// asked about (with who restores) and then shows where the replaced ledger
// was kept; a refused restore says why and restores nothing.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import BackupView from './BackupView.vue'
import { pickBackup, pickFolder } from '../pickers'
import { damagedMessage } from '../startup'
import type { BackupFile } from '../bindings/BackupFile'
import type { BackupInfo } from '../bindings/BackupInfo'
import type { BackupSettings } from '../bindings/BackupSettings'

vi.mock('../pickers', () => ({ pickBackup: vi.fn(), pickFolder: vi.fn() }))

const STICK = '/media/li/KINGSTON/台账备份'

function file(stamp: string, over: Partial<BackupFile> = {}): BackupFile {
  return {
    path: `${STICK}/信访台账备份-石岩哨村-${stamp}.sqlite3`, file_name: `信访台账备份-石岩哨村-${stamp}.sqlite3`,
    bytes: 3 * 1024 * 1024, made_at: '2026-05-06T01:00:00+00:00', ...over,
  }
}

const NEWEST = file('20260506-090000')
const OLDER = file('20260505-090000', { made_at: '2026-05-05T01:00:00+00:00', bytes: 2048 })

function info(over: Partial<BackupInfo> = {}): BackupInfo {
  return {
    path: OLDER.path, device_name: '石岩哨村', device_id: 'dev-v', cases: 1, last_change_at: '2026-05-05T00:58:00Z',
    schema_version: 9, bytes: 2048, ...over,
  }
}

async function mountBackup(handlers: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const settings: BackupSettings = { folder: STICK, keep: 14 }
  const core = fakeCore({
    backup_settings: () => settings,
    backup_list: () => ({ settings, files: [NEWEST, OLDER] }),
    backup_verify: (a) => info({ path: a.path as string }),
    ledger_check: () => ({}),
    ...handlers,
  })
  const { w } = await mountView(BackupView, '/backup', [{ path: '/backup', component: BackupView }])
  return { w, ...core }
}

const text = (testid: string) => document.querySelector(`[data-testid="${testid}"]`)?.textContent ?? ''
const box = () => document.querySelector<HTMLElement>('.backup-restore-box')

/** The restore question's input and buttons, once it is open. */
async function answerRestore(actor: string | null) {
  await settle()
  const question = box()!
  expect(question).not.toBeNull()
  const buttons = Array.from(question.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button'))
  if (actor === null) {
    buttons.find((b) => b.textContent?.includes('取消'))!.click()
  } else {
    const input = question.querySelector<HTMLInputElement>('.el-message-box__input input')!
    input.value = actor
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    buttons.find((b) => b.textContent?.includes('恢复'))!.click()
  }
  await settle()
}

freshPageEachTest()
beforeEach(() => {
  vi.mocked(pickFolder).mockReset()
  vi.mocked(pickBackup).mockReset()
  damagedMessage.value = ''
})

describe('backup page', () => {
  it('lists this device’s backups newest first with their China time and size', async () => {
    const { w } = await mountBackup()
    const rows = w.findAll('[data-testid="backup-file"]')
    expect(rows.map((r) => r.find('[data-testid="backup-file-name"]').text())).toEqual([NEWEST.file_name, OLDER.file_name])
    expect(rows[0].find('[data-testid="backup-file-time"]').text()).toBe('2026年5月6日 09:00')
    expect(rows[0].text()).toContain('3.0 MB')
    expect(rows[1].text()).toContain('2 KB')
    expect(text('backup-current-folder')).toContain(STICK)
    expect(text('backup-note')).toContain('备份请放在 U 盘或另一块硬盘，电脑丢失或损坏时才能恢复。')
    expect(w.text()).not.toMatch(/\b(undefined|null|NaN)\b/)
  })

  it('still shows the folder when its stick is out, with the core’s reason for no list', async () => {
    const gone = `${STICK} 不存在：请插好 U 盘，或重新选择备份文件夹`
    const { w } = await mountBackup({ backup_list: () => { throw { kind: 'invalid', message: gone, field: 'folder' } } })
    expect(text('backup-list-error')).toContain(gone)
    expect(w.findAll('[data-testid="backup-file"]')).toHaveLength(0)
    expect(document.querySelector<HTMLInputElement>('[data-testid="backup-folder"]')!.value).toBe(STICK)
  })

  it('saves the folder picked in the chooser with the number kept', async () => {
    const picked = '/media/li/SANDISK'
    let saved: BackupSettings = { folder: null, keep: 14 }
    vi.mocked(pickFolder).mockResolvedValueOnce(picked)
    const { named } = await mountBackup({
      backup_settings: () => ({ folder: null, keep: 14 }),
      backup_list: () => ({ settings: saved, files: [] }),
      backup_settings_set: (a) => (saved = { folder: a.folder as string, keep: a.keep as number }),
    })
    expect(text('backup-current-folder')).toContain('还没有选择备份文件夹')
    click('backup-folder-pick')
    await flushPromises()
    expect(vi.mocked(pickFolder).mock.calls[0][1]).toBe('')
    setInput('backup-keep', '30')
    click('backup-settings-save')
    await flushPromises()
    expect(named('backup_settings_set')[0].args).toEqual({ folder: picked, keep: 30 })
    expect(text('backup-current-folder')).toContain(`当前：${picked}（保留最近 30 份）`)
    // The list is read again from the new folder.
    expect(named('backup_list')).toHaveLength(2)
  })

  it('marks the folder field with the core’s message when the folder is not there', async () => {
    const missing = '/media/li/NOPE 不存在，请检查 U 盘是否插好'
    await mountBackup({ backup_settings_set: () => { throw { kind: 'invalid', message: missing, field: 'folder' } } })
    setInput('backup-folder', '/media/li/NOPE')
    click('backup-settings-save')
    await settle()
    const item = document.querySelector('[data-testid="backup-folder"]')!.closest('.el-form-item')!
    expect(item.querySelector('[data-testid="field-error"]')!.textContent).toBe(missing)
  })

  it('makes a backup now and shows its file and the old ones removed', async () => {
    const made = file('20260506-100000', { made_at: '2026-05-06T02:00:00+00:00' })
    let after = [NEWEST, OLDER]
    const { named } = await mountBackup({
      backup_list: () => ({ settings: { folder: STICK, keep: 2 }, files: after }),
      backup_make: () => {
        after = [made, NEWEST]
        return { file: made, removed: [OLDER.file_name] }
      },
    })
    click('backup-make')
    await flushPromises()
    expect(named('backup_make')).toHaveLength(1)
    expect(text('backup-made-file')).toBe(made.path)
    expect(text('backup-removed')).toContain(`已删除较早的备份：${OLDER.file_name}`)
    const names = Array.from(document.querySelectorAll('[data-testid="backup-file-name"]')).map((e) => e.textContent)
    expect(names).toEqual([made.file_name, NEWEST.file_name])
  })

  it('says why a backup could not be made', async () => {
    const out = `${STICK} 不存在：请插好 U 盘，或重新选择备份文件夹`
    await mountBackup({ backup_make: () => { throw { kind: 'invalid', message: out, field: 'folder' } } })
    click('backup-make')
    await flushPromises()
    expect(text('backup-make-error')).toContain(out)
    expect(document.querySelector('[data-testid="backup-made"]')).toBeNull()
  })

  it('checks a backup and says what it holds', async () => {
    const { w, named } = await mountBackup()
    await w.findAll('[data-testid="backup-check"]')[1].trigger('click')
    await flushPromises()
    expect(named('backup_verify')[0].args).toEqual({ path: OLDER.path })
    expect(text('backup-info')).toBe('石岩哨村的台账：1 件信访事项，最后一次修改于 2026年5月5日 08:58；文件完好，2 KB')
  })

  it('restores only after the question, with the path and who restores, and shows the safety copy', async () => {
    localStorage.setItem('xinfang.actor', '李某')
    const safety = `${STICK}/信访台账恢复前-石岩哨村-20260506-100000.sqlite3`
    const { w, named } = await mountBackup({
      backup_restore: (a) => ({
        from: info({ path: a.path as string }), actor: a.actor,
        safety_copy: { path: safety, file_name: safety.split('/').pop(), bytes: 4096, made_at: '2026-05-06T02:00:00+00:00' },
      }),
    })
    damagedMessage.value = '台账文件已损坏'
    await w.findAll('[data-testid="backup-restore"]')[1].trigger('click')
    await settle()
    // Nothing is replaced while the question is open; it says what the backup holds and the safety copy.
    expect(named('backup_restore')).toHaveLength(0)
    const question = box()!.textContent!
    expect(question).toContain('石岩哨村的台账：1 件信访事项')
    expect(question).toContain('现在的台账会先另存为一份“信访台账恢复前-……”副本')
    expect(box()!.querySelector<HTMLInputElement>('.el-message-box__input input')!.value).toBe('李某')
    await answerRestore('王某')
    expect(named('backup_restore').map((c) => c.args)).toEqual([{ path: OLDER.path, actor: '王某' }])
    expect(text('backup-safety-copy')).toBe(safety)
    expect(text('backup-restored')).toContain('经办人：王某')
    expect(localStorage.getItem('xinfang.actor')).toBe('王某')
    // The ledger under the app changed: its check and this page are read again.
    expect(named('ledger_check')).toHaveLength(1)
    expect(damagedMessage.value).toBe('')
    expect(named('backup_list')).toHaveLength(2)
  })

  it('restores nothing when the question is cancelled', async () => {
    const { w, named } = await mountBackup({ backup_restore: () => { throw new Error('must not be called') } })
    await w.findAll('[data-testid="backup-restore"]')[0].trigger('click')
    await answerRestore(null)
    expect(named('backup_restore')).toHaveLength(0)
    expect(document.querySelector('[data-testid="backup-restored"]')).toBeNull()
    expect(document.querySelector('[data-testid="backup-restore-error"]')).toBeNull()
  })

  it('shows the core’s refusal of another device’s backup and changes nothing', async () => {
    const refusal = '这个备份属于另一台设备（上坝村），不能恢复到本机“石岩哨村”：恢复后两台设备会冒用同一身份。新电脑请在首次启动时恢复。'
    const other = '/media/li/KINGSTON/信访台账备份-上坝村-20260501-090000.sqlite3'
    vi.mocked(pickBackup).mockResolvedValueOnce(other)
    const { named } = await mountBackup({
      backup_verify: (a) => info({ path: a.path as string, device_name: '上坝村', device_id: 'dev-s', cases: 7 }),
      backup_restore: () => { throw { kind: 'refused', message: refusal, field: null } },
    })
    click('backup-other-pick')
    await flushPromises()
    click('backup-other-restore')
    await answerRestore('李某')
    expect(named('backup_restore').map((c) => c.args)).toEqual([{ path: other, actor: '李某' }])
    expect(text('backup-restore-error-message')).toBe(refusal)
    expect(document.querySelector('[data-testid="backup-restored"]')).toBeNull()
    // Nothing was replaced, so nothing is read again.
    expect(named('ledger_check')).toHaveLength(0)
    expect(named('backup_list')).toHaveLength(1)
  })

  it('says a damaged file is damaged before asking anything', async () => {
    const broken = '备份文件已损坏，不能用来恢复'
    const { named } = await mountBackup({ backup_verify: () => { throw { kind: 'damaged', message: broken, field: null } } })
    setInput('backup-other-path', '/media/li/KINGSTON/坏.sqlite3')
    await flushPromises()
    click('backup-other-restore')
    await settle()
    expect(box()).toBeNull()
    expect(named('backup_restore')).toHaveLength(0)
    expect(text('backup-restore-error-message')).toBe(broken)
  })
})
