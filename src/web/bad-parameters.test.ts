import { describe, expect, it } from 'vitest'
import { hasControlCharacter, isBadValueError, urlProblem } from './bad-parameters.js'

describe('the bad-parameter guard', () => {
  it.each([
    '/',
    '/indicators/gld-eyfs',
    '/search?q=early+help',
    '/search?q=early%20help&page=2',
    '/sign-in?next=%2Fmy-work',
    '/x?q=%E2%9C%93',
    '/x?a=%09%0A%0D',
    '/x?flag',
    '/x?a=b=c',
  ])('lets %j through', (url) => expect(urlProblem(url)).toBeNull())

  it.each([
    ['/x?q=%00', 'a control character'],
    ['/x?q=a%01b', 'a control character'],
    ['/x?q=%1B%5B31m', 'a control character'],
    ['/x?q=%7F', 'a control character'],
    ['/x?%00=1', 'a control character'],
    ['/indicators/%00', 'a control character'],
    ['/x?q=%', 'malformed percent-encoding'],
    ['/x?q=%E0%A4%A', 'malformed percent-encoding'],
    ['/x?q=%ED%A0%80', 'malformed percent-encoding'],
    ['/x%FF', 'malformed percent-encoding'],
  ])('refuses %j (%s)', (url, why) => expect(urlProblem(url)).toBe(why))

  it('looks through a form body, keys and nested values included, but allows a text area’s tabs and line breaks', () => {
    expect(hasControlCharacter({ title: 'A title', text: 'line one\r\nline two\tand a tab', ids: ['a', 'b'] })).toBe(
      false,
    )
    expect(hasControlCharacter({ title: 'a\u0000b' })).toBe(true)
    expect(hasControlCharacter({ ids: ['a', 'b\u0007'] })).toBe(true)
    expect(hasControlCharacter({ 'bad\u0000key': 'x' })).toBe(true)
    expect(hasControlCharacter({ a: { b: { c: '\u001b' } } })).toBe(true)
    expect(hasControlCharacter(undefined)).toBe(false)
    expect(hasControlCharacter(42)).toBe(false)
  })

  it('knows the database’s refusals of a value, and nothing else, as the request’s fault', () => {
    for (const code of ['22P02', '22003', '22P05', '22021', '22007', '22008', '22001'])
      expect(isBadValueError(Object.assign(new Error('x'), { code }))).toBe(true)
    for (const code of ['23505', '40001', '57P01', 'ECONNREFUSED', undefined])
      expect(isBadValueError(Object.assign(new Error('x'), { code }))).toBe(false)
    expect(isBadValueError(null)).toBe(false)
  })
})
