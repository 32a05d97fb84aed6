// 导入 Excel 台账: the preview shows the rows (masked) and every error by
// row; 导入 stays off while there is an error, sends exactly the previewed
// file and who imports, and says how many cases were recorded; a refusal
// about the file is shown beside the file.
import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { fakeCore } from '../test/invoker'
import { click, freshPageEachTest, mountView, setInput, settle } from '../test/page'
import LedgerImportDialog from './LedgerImportDialog.vue'

const PATH = '/media/u/2009年信访台账.xlsx'

const row = (n: number, name: string, extra: Record<string, unknown> = {}) => ({
  row: n, received_on: '2009-01-08', name, id_number: '110105********002X', phone: null, village: '兰田村',
  category: '民政救助', channel: 'letter', request: '申请危房改造补助。', received_by: '刘专干', handled_on: '2009-03-20',
  result: null, existing: null, case_number: null, sheet: null, gender: null, headcount: 1, handler: null,
  outcome: '办结', notes: null, read_as: [], ...extra,
})

const preview = (over: Record<string, unknown> = {}) => ({
  path: PATH, sheets: [{ name: '2009年台账', rows: 2, left_out: null }], left_out: [], gaps: [],
  unmapped: { category: [], channel: [], outcome: [] }, mapping: { category: {}, channel: {}, outcome: {} }, columns: [{ column: '日期', header: '登记日期' }, { column: '姓名', header: '信访人' }],
  ignored: ['序号'], rows: [row(3, '赵德明'), row(4, '张国富', { existing: '路居镇信〔2009〕第1号' })], errors: [],
  recorded: 0, skipped: 1, dry_run: true, ...over,
})

async function mountDialog(handlers: Parameters<typeof fakeCore>[0]) {
  const core = fakeCore(handlers)
  const { w } = await mountView(LedgerImportDialog, '/', [{ path: '/', component: LedgerImportDialog }], { modelValue: true })
  await flushPromises()
  return { w, core }
}

/** Opens the select marked `testid` and picks the option labelled `label`. */
async function chooseOption(testid: string, label: string) {
  click(testid)
  await flushPromises()
  const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')]
    .filter((o) => o.textContent?.trim() === label).pop()!
  option.click()
  await flushPromises()
}

function importButton(): HTMLButtonElement {
  return document.querySelector<HTMLButtonElement>('[data-testid="import-run"]')!
}

function fieldError(testid: string): string | null {
  const item = document.querySelector(`[data-testid="${testid}"]`)!.closest('.el-form-item')!
  return item.querySelector('[data-testid="field-error"]')?.textContent ?? null
}

describe('LedgerImportDialog', () => {
  freshPageEachTest()

  it('previews the rows, imports only the previewed file, and says how many were recorded', async () => {
    const { w, core } = await mountDialog({
      ledger_import_preview: () => preview(),
      ledger_import: () => preview({
        dry_run: false, recorded: 1,
        rows: [row(3, '赵德明', { case_number: '路居镇信〔2009〕第2号' }), row(4, '张国富', { existing: '路居镇信〔2009〕第1号' })],
      }),
    })
    expect(importButton().disabled).toBe(true)
    setInput('import-path', PATH)
    setInput('import-actor', '刘专干')
    click('import-preview')
    await flushPromises()
    expect(core.named('ledger_import_preview')[0].args).toEqual({ path: PATH, actor: '刘专干' })
    const table = document.querySelector('[data-testid="import-rows"]')!.textContent!
    expect(table).toContain('赵德明')
    expect(table).toContain('110105********002X')
    expect(table).toContain('来信')
    expect(table).toContain('已在台账中（路居镇信〔2009〕第1号）')
    expect(document.querySelector('[data-testid="import-columns"]')!.textContent).toContain('日期←登记日期')
    expect(document.querySelector('[data-testid="import-summary"]')!.textContent).toContain('将登记 1 件，1 行已在台账中')
    expect(importButton().disabled).toBe(false)

    click('import-run')
    await flushPromises()
    expect(core.named('ledger_import')[0].args).toEqual({ path: PATH, actor: '刘专干' })
    expect(document.querySelector('[data-testid="import-done"]')!.textContent).toContain('已登记 1 件信访事项，1 行已在台账中')
    expect(document.querySelector('[data-testid="import-rows"]')!.textContent).toContain('路居镇信〔2009〕第2号')
    expect(w.emitted('imported')).toEqual([[1]])
    expect(importButton().disabled).toBe(true)
  })

  it('maps the sheet\'s own words in one step, previews again with them and imports with them', async () => {
    const unmapped = { category: ['民政'], channel: ['群众来访'], outcome: [] }
    const { core } = await mountDialog({
      categories: () => ({ disputes: ['土地承包'], requests: ['民政救助'] }),
      ledger_import_preview: (args: { mapping?: unknown }) => args.mapping
        ? preview({ skipped: 0 })
        : preview({ rows: [], skipped: 0, unmapped, left_out: [{ sheet: '2009年台账', row: 15, message: '“合计”是合计行，不是一条记录，未导入' }] }),
      ledger_import: () => preview({ dry_run: false, recorded: 2, skipped: 0 }),
    })
    setInput('import-path', PATH)
    setInput('import-actor', '刘专干')
    click('import-preview')
    await flushPromises()
    expect(document.querySelector('[data-testid="import-mapping"]')!.textContent).toContain('2 个写法')
    expect(document.querySelector('[data-testid="import-left-out"]')!.textContent).toContain('第 15 行：“合计”是合计行')
    const rows = [...document.querySelectorAll('[data-testid="import-map-row"]')].map((r) => r.textContent)
    expect(rows[0]).toContain('类别“民政”')
    expect(rows[1]).toContain('方式“群众来访”')
    expect(importButton().disabled).toBe(true)
    expect(document.querySelector<HTMLButtonElement>('[data-testid="import-remap"]')!.disabled).toBe(true)
    await chooseOption('import-map-category-民政', '民政救助')
    await chooseOption('import-map-channel-群众来访', '来访')
    click('import-remap')
    await flushPromises()
    const mapping = {
      category: { 民政: '民政救助' }, channel: { 群众来访: '来访' }, outcome: {},
      new_categories: { disputes: [], requests: [] },
    }
    expect(core.named('ledger_import_preview')[1].args).toEqual({ path: PATH, actor: '刘专干', mapping })
    expect(document.querySelector('[data-testid="import-mapping"]')).toBeNull()
    expect(importButton().disabled).toBe(false)
    click('import-run')
    await flushPromises()
    expect(core.named('ledger_import')[0].args).toEqual({ path: PATH, actor: '刘专干', mapping })
  })

  it('adds a category the list lacks to the township\'s list instead of mapping it', async () => {
    const unmapped = { category: ['坟地纠纷', '水利', '民政'], channel: [], outcome: [] }
    const { core } = await mountDialog({
      categories: () => ({ disputes: ['土地承包'], requests: ['民政救助'] }),
      ledger_import_preview: (args: { mapping?: unknown }) => args.mapping
        ? preview({ skipped: 0 })
        : preview({ rows: [], skipped: 0, unmapped }),
      ledger_import: () => preview({ dry_run: false, recorded: 2, skipped: 0 }),
    })
    setInput('import-path', PATH)
    setInput('import-actor', '刘专干')
    click('import-preview')
    await flushPromises()
    await chooseOption('import-map-category-坟地纠纷', '新增矛盾纠纷类“坟地纠纷”')
    await chooseOption('import-map-category-水利', '新增诉求类“水利”')
    await chooseOption('import-map-category-民政', '民政救助')
    expect(document.querySelectorAll('[data-testid="import-map-added"]')).toHaveLength(2)
    click('import-remap')
    await flushPromises()
    const mapping = {
      category: { 民政: '民政救助' }, channel: {}, outcome: {},
      new_categories: { disputes: ['坟地纠纷'], requests: ['水利'] },
    }
    expect(core.named('ledger_import_preview')[1].args).toEqual({ path: PATH, actor: '刘专干', mapping })
    click('import-run')
    await flushPromises()
    expect(core.named('ledger_import')[0].args).toEqual({ path: PATH, actor: '刘专干', mapping })
  })

  it('lists every error by row and offers no import until the sheet is fixed', async () => {
    const { core } = await mountDialog({
      ledger_import_preview: () => preview({
        rows: [row(3, '赵德明')], skipped: 0,
        errors: [
          { row: 4, column: '日期', message: '第 4 行“日期”：2009-13-01 不是有效日期' },
          { row: 5, column: '身份证号', message: '第 5 行“身份证号”：校验位错误（最后一位应为 X），请核对号码' },
        ],
      }),
    })
    setInput('import-path', PATH)
    setInput('import-actor', '刘专干')
    click('import-preview')
    await flushPromises()
    const lines = [...document.querySelectorAll('[data-testid="import-error-line"]')].map((l) => l.textContent)
    expect(lines).toEqual(['第 4 行“日期”：2009-13-01 不是有效日期', '第 5 行“身份证号”：校验位错误（最后一位应为 X），请核对号码'])
    expect(document.querySelector('[data-testid="import-errors"]')!.textContent).toContain('有 2 处错误')
    expect(importButton().disabled).toBe(true)
    click('import-run')
    await flushPromises()
    expect(core.named('ledger_import')).toHaveLength(0)
  })

  it('asks for the file and who imports, and shows a refused file beside the file', async () => {
    const { core } = await mountDialog({
      ledger_import_preview: () =>
        Promise.reject({ kind: 'columns', message: '表“Sheet1”缺少“类别”列（列名可以是：类别、问题类别）。', field: 'path' }),
    })
    setInput('import-actor', '')
    click('import-preview')
    await settle()
    expect(core.named('ledger_import_preview')).toHaveLength(0)
    expect(fieldError('import-path')).toBe('请填写 Excel 台账文件的位置')
    expect(fieldError('import-actor')).toBe('请填写经办人')
    setInput('import-path', '/media/u/无类别.xlsx')
    setInput('import-actor', '刘专干')
    click('import-preview')
    await settle()
    expect(fieldError('import-path')).toContain('缺少“类别”列')
    expect(fieldError('import-actor')).toBeNull()
    expect(importButton().disabled).toBe(true)
  })
})
