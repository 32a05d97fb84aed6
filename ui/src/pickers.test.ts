// The pickers ask the system's chooser for one path with the right filter or
// a folder, start where the typed path points, and turn a cancel into null;
// a chooser that fails (or no desktop app around it) is said, never thrown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { open } from '@tauri-apps/plugin-dialog'
import { showError } from './notify'
import { pickAttachment, pickBackup, pickBundle, pickFolder } from './pickers'
import { NOT_IN_APP } from './api'

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }))
vi.mock('./notify', () => ({ showError: vi.fn() }))

const w = window as unknown as Record<string, unknown>
beforeEach(() => {
  w.__TAURI_INTERNALS__ = {}
  vi.mocked(open).mockReset()
  vi.mocked(showError).mockReset()
})
afterEach(() => {
  delete w.__TAURI_INTERNALS__
})

describe('pickers', () => {
  it('asks for one photo, scan or PDF, in either case of extension, from the typed path', async () => {
    vi.mocked(open).mockResolvedValueOnce('/media/u/IMG_0001.HEIC')
    expect(await pickAttachment(' /media/u/旧.jpg ')).toBe('/media/u/IMG_0001.HEIC')
    const options = vi.mocked(open).mock.calls[0][0]!
    expect(options.multiple).toBe(false)
    expect(options.directory).toBeUndefined()
    expect(options.defaultPath).toBe('/media/u/旧.jpg')
    expect(options.filters).toHaveLength(1)
    expect(options.filters![0].name).toBe('照片/扫描件/PDF')
    for (const ext of ['jpg', 'JPG', 'jpeg', 'png', 'heic', 'HEIC', 'heif', 'webp', 'tif', 'tiff', 'pdf', 'PDF']) {
      expect(options.filters![0].extensions).toContain(ext)
    }
  })

  it('asks for a bundle as 数据包 (.xfb)', async () => {
    vi.mocked(open).mockResolvedValueOnce('/media/u/a.xfb')
    expect(await pickBundle()).toBe('/media/u/a.xfb')
    expect(vi.mocked(open).mock.calls[0][0]!.filters).toEqual([{ name: '数据包', extensions: ['xfb', 'XFB'] }])
  })

  it('asks for a backup as 台账备份 (.sqlite3)', async () => {
    vi.mocked(open).mockResolvedValueOnce('/media/u/信访台账备份-石岩哨村-20260506-090000.sqlite3')
    expect(await pickBackup()).toBe('/media/u/信访台账备份-石岩哨村-20260506-090000.sqlite3')
    expect(vi.mocked(open).mock.calls[0][0]!.filters).toEqual([{ name: '台账备份', extensions: ['sqlite3', 'SQLITE3'] }])
  })

  it('asks for a folder with its title; nothing typed, no start; a cancel is null and says nothing', async () => {
    vi.mocked(open).mockResolvedValueOnce(null)
    expect(await pickFolder('选择导出到的 U 盘或文件夹', '  ')).toBeNull()
    expect(vi.mocked(open).mock.calls[0][0]).toEqual({ title: '选择导出到的 U 盘或文件夹', directory: true, multiple: false })
    expect(showError).not.toHaveBeenCalled()
  })

  it('a chooser that fails, or no desktop app, is shown as a message and picks nothing', async () => {
    vi.mocked(open).mockRejectedValueOnce('dialog.open not allowed')
    expect(await pickFolder('选择保存到的文件夹')).toBeNull()
    expect(showError).toHaveBeenCalledWith('dialog.open not allowed')

    delete w.__TAURI_INTERNALS__
    expect(await pickAttachment()).toBeNull()
    expect(showError).toHaveBeenLastCalledWith(NOT_IN_APP)
    expect(open).toHaveBeenCalledTimes(1)
  })
})
