// 打印: the typeset pages are shown as they will print, the default printer
// is offered, and printing or saving sends exactly the request with who did
// it; a refusal is shown beside its field, in Chinese.
import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { freshPageEachTest, mountView, setInput, settle } from '../test/page'
import PrintDialog from './PrintDialog.vue'

const request = { document: 'agreement', id: 'a1' } as const
const PAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842"><path d="M0 0h1"/></svg>'

async function mountDialog(handlers: Parameters<typeof fakeCore>[0]) {
  const core = fakeCore(handlers)
  const { w } = await mountView(PrintDialog, '/', [{ path: '/', component: PrintDialog }], { request, modelValue: true })
  await flushPromises()
  return { w, core }
}

const preview = () => ({ title: '人民调解协议书（2026）石岩哨村人调字第1号', pages: [PAGE, PAGE], fingerprint: '3F2A-9C1B-77D0-E412' })

/** The error shown under the field whose input is `testid`, if any. */
function fieldError(testid: string): string | null {
  const item = document.querySelector(`[data-testid="${testid}"]`)!.closest('.el-form-item')!
  return item.querySelector('[data-testid="field-error"]')?.textContent ?? null
}

function click(testid: string) {
  document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!.click()
}

describe('PrintDialog', () => {
  freshPageEachTest()

  it('shows every page and the fingerprint, and prints on the default printer with who printed', async () => {
    const { w, core } = await mountDialog({
      print_preview: () => preview(),
      print_targets: () => ({ printers: [{ name: 'Office', is_default: false }, { name: 'HP_1020', is_default: true }], problem: null, folder: '/home/li/Documents' }),
      print_send: () => ({ job: 'HP_1020-7', pages: 2 }),
    })
    expect(core.named('print_preview')[0].args).toEqual({ request })
    const pages = document.querySelectorAll<HTMLImageElement>('[data-testid="print-page"]')
    expect(pages).toHaveLength(2)
    expect(decodeURIComponent(pages[0].src)).toContain('<svg')
    expect(document.querySelector('[data-testid="print-fingerprint"]')!.textContent).toBe('3F2A-9C1B-77D0-E412')
    expect((document.querySelector('[data-testid="print-folder"]') as HTMLInputElement).value).toBe('/home/li/Documents')
    setInput('print-actor', '杨某')
    click('print-send')
    await flushPromises()
    expect(core.named('print_send')[0].args).toEqual({ request, printer: 'HP_1020', copies: 1, actor: '杨某' })
    expect(document.querySelector('[data-testid="print-done"]')!.textContent).toContain('任务 HP_1020-7')
    expect(w.emitted('printed')).toHaveLength(1)
    // The page re-renders with an equal request (to show the new print record): nothing reloads or clears.
    await w.setProps({ request: { ...request } })
    await flushPromises()
    expect(core.named('print_preview')).toHaveLength(1)
    expect(document.querySelector('[data-testid="print-done"]')!.textContent).toContain('任务 HP_1020-7')
  })

  it('without a printer offers saving, asks who saves, and shows a refused folder beside the folder', async () => {
    const { w, core } = await mountDialog({
      print_preview: () => preview(),
      print_targets: () => ({ printers: [], problem: '这台电脑还没有连接打印机，可以先存为 PDF 文件拷到能打印的电脑', folder: null }),
      print_save: (a) =>
        a.folder === '/media/u'
          ? { path: '/media/u/人民调解协议书（2026）石岩哨村人调字第1号.pdf', pages: 2 }
          : Promise.reject({ kind: 'output', message: '无法写入 /nope：文件夹不存在。', field: 'folder' }),
    })
    expect(document.querySelector('[data-testid="print-no-printer"]')!.textContent).toContain('还没有连接打印机')
    expect((document.querySelector('[data-testid="print-send"]') as HTMLButtonElement).disabled).toBe(true)
    setInput('print-actor', '')
    setInput('print-folder', '/nope')
    click('print-save')
    await settle()
    expect(core.named('print_save')).toHaveLength(0)
    expect(fieldError('print-actor')).toBe('请填写经办人')
    setInput('print-actor', '杨某')
    click('print-save')
    await settle()
    expect(fieldError('print-folder')).toBe('无法写入 /nope：文件夹不存在。')
    expect(fieldError('print-actor')).toBeNull()
    setInput('print-folder', '/media/u')
    // PDF/A is kept behind 存档用, not beside the ordinary save.
    expect(document.querySelector('[data-testid="print-archive"]')).toBeNull()
    click('print-archive-more')
    await flushPromises()
    ;(document.querySelector('[data-testid="print-archive"] input') as HTMLInputElement).click()
    click('print-save')
    await flushPromises()
    expect(core.named('print_save')[1].args).toEqual({ request, folder: '/media/u', archive: true, actor: '杨某' })
    expect(document.querySelector('[data-testid="print-done"]')!.textContent).toContain('人民调解协议书（2026）石岩哨村人调字第1号.pdf')
    expect(w.emitted('printed')).toHaveLength(1)
  })

  it('proposes a USB stick when one is in, else the documents folder, each one press away', async () => {
    await mountDialog({
      print_preview: () => preview(),
      print_targets: () => ({ printers: [], problem: null, folder: '/home/li/文档' }),
      sync_places: () => [{ path: '/media/li/KINGSTON', label: 'U盘 KINGSTON（/media/li/KINGSTON）' }],
    })
    const folder = () => (document.querySelector('[data-testid="print-folder"]') as HTMLInputElement).value
    expect(folder()).toBe('/media/li/KINGSTON')
    expect(document.querySelector('[data-testid="print-no-printer"]')!.textContent).toContain('这台电脑还没有连接打印机')
    expect(document.querySelector('[data-testid="print-place-1"]')!.textContent).toContain('文档')
    click('print-place-1')
    await flushPromises()
    expect(folder()).toBe('/home/li/文档')
    expect(document.querySelector('.print-dialog')!.textContent).not.toMatch(/os error|CUPS|sudo/)
  })

  it('says why a document cannot be made', async () => {
    await mountDialog({
      print_preview: () => Promise.reject({ kind: 'not_found', message: '找不到调解协议 a1', field: null }),
      print_targets: () => ({ printers: [], problem: null, folder: null }),
    })
    expect(document.querySelector('[data-testid="print-load-error"]')!.textContent).toContain('找不到调解协议 a1')
  })
})
