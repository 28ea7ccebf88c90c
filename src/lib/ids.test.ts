import { describe, expect, it } from 'vitest'
import { isRecordId } from './ids.js'

describe('record ids', () => {
  it.each(['1', '42', '0', '9223372036854775807'])('takes %j', (id) => expect(isRecordId(id)).toBe(true))
  it.each([
    '',
    '-1',
    '1.5',
    '1e3',
    ' 1',
    '1 ',
    '0x10',
    'abc',
    '١٢',
    '9223372036854775808',
    '99999999999999999999',
    '1'.repeat(400),
    1,
    null,
    undefined,
    ['1'],
  ])('refuses %j', (id) => expect(isRecordId(id)).toBe(false))
})
