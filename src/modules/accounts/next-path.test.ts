import { describe, expect, it } from 'vitest'
import { DEFAULT_NEXT, safeNext, sameSitePath } from './next-path.js'

/** What a browser would make of a Location header, the way Chromium and the URL standard read it. */
const browserOrigin = (location: string) => new URL(location, 'https://best-chance.example/sign-in').origin

/** Values that would take a browser off the site, each refused. */
const hostile = [
  // another site, written plainly
  'https://evil.example',
  'http://evil.example/my-work',
  '//evil.example',
  '///evil.example',
  '////evil.example',
  'evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  // backslashes, which browsers read as slashes
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '/%5Cevil.example',
  '/%5c%5cevil.example',
  // tabs and newlines, which browsers drop from URLs: `/\t/evil` becomes `//evil`
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/%09/evil.example',
  '/%0A/evil.example',
  '/%0d%0a/evil.example',
  '%2F%09%2Fevil.example',
  // other control characters, raw and encoded
  '/\u0000',
  '/my-work\u0000',
  '/%00',
  '/%01evil',
  '/%7F',
  '/\u0085',
  '/%C2%85',
  // encoded slashes that decode to `//`, once or twice
  '%2F%2Fevil.example',
  '/%2Fevil.example',
  '/%2Fevil.example/%2F',
  '/%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '/%25252F%25252Fevil.example',
  // `//` anywhere
  '/my-work//evil.example',
  '/search?q=http://evil.example',
  // spaces and anything beyond printable ASCII as sent
  ' /my-work',
  ' //evil.example',
  '/my work',
  '/\u00a0/evil.example',
  '/\u2028/evil.example',
  '/\u3000/evil.example',
  '/ſ',
  '/\ud800',
  // malformed percent-encoding, which lenient decoders guess at
  '/%',
  '/%E0%A4%A',
  '/%zz//evil',
  '/%ED%A0%80',
  // not a string, or too long
  '',
  `/${'a'.repeat(5000)}`,
]

describe('the path to go to after signing in', () => {
  it.each([
    '/',
    '/my-work',
    '/actions/12/edit',
    '/indicators/gld-eyfs?strategy=best-chance-2022-25',
    '/search?q=early%20help',
    '/risks?organisation=lbbd&status=open',
    '/audit?from-day=1&from-month=2&from-year=2024#results',
  ])('follows the same-site path %j', (path) => {
    expect(sameSitePath(path)).toBe(path)
    expect(safeNext(path)).toBe(path)
    expect(browserOrigin(path)).toBe('https://best-chance.example')
  })

  it.each(hostile)('refuses %j and falls back to the default', (value) => {
    expect(sameSitePath(value)).toBeNull()
    expect(safeNext(value)).toBe(DEFAULT_NEXT)
  })

  it.each([undefined, null, 42, ['/a', '/b'], { toString: () => '/my-work' }])(
    'refuses a value that is not one string: %j',
    (value) => {
      expect(safeNext(value)).toBe(DEFAULT_NEXT)
    },
  )

  it('never gives a browser another origin, for any value in the hostile list', () => {
    for (const value of hostile)
      expect(browserOrigin(safeNext(value)), JSON.stringify(value)).toBe('https://best-chance.example')
  })

  it('the oracle itself sees the danger: a browser does leave the site for these', () => {
    // Without the rule, these would redirect off the site (so the tests above can fail).
    for (const value of ['/\t/evil.example', '/\\evil.example', '//evil.example', 'https://evil.example']) {
      expect(browserOrigin(value)).not.toBe('https://best-chance.example')
    }
  })
})
