import { afterEach, describe, expect, it, vi } from 'vitest'
import { call, isCoreError, setInvoker, toCoreError } from './api'

afterEach(() => setInvoker(null))

describe('api', () => {
  it('passes {name, args} to invoke("call") and returns the output', async () => {
    const inv = vi.fn().mockResolvedValue({ total: 0, offset: 0, items: [] })
    setInvoker(inv)
    const page = await call('case_list', { text: '石岩', limit: 20 })
    expect(inv).toHaveBeenCalledWith('call', { name: 'case_list', args: { text: '石岩', limit: 20 } })
    expect(page.total).toBe(0)
  })

  it('recognises the core error shape', () => {
    expect(isCoreError({ kind: 'invalid', message: '诉求：不能为空', field: 'request' })).toBe(true)
    expect(isCoreError({ kind: 'refused', message: '不能回访', field: null })).toBe(true)
    expect(isCoreError({ message: 'x' })).toBe(false)
    expect(isCoreError('boom')).toBe(false)
    expect(isCoreError(null)).toBe(false)
  })

  it('rejects with the core error unchanged', async () => {
    const e = { kind: 'invalid', message: '第 2 位信访人的身份证号码：校验位不对', field: 'petitioners[1].id_number' }
    setInvoker(vi.fn().mockRejectedValue(e))
    await expect(call('visit_add', {} as never)).rejects.toEqual(e)
  })

  it('turns anything else into a Chinese error', async () => {
    setInvoker(vi.fn().mockRejectedValue(new Error('ipc')))
    const err = await call('device_show', {}).catch((x) => x)
    expect(isCoreError(err)).toBe(true)
    expect(err.message).toMatch(/操作失败/)
    expect(toCoreError('台账数据库不存在').message).toBe('台账数据库不存在')
  })

  it('fails clearly outside the desktop app', async () => {
    const err = await call('device_show', {}).catch((x) => x)
    expect(err.kind).toBe('not_in_app')
    expect(err.message).toMatch(/无法连接本机台账程序/)
  })
})
