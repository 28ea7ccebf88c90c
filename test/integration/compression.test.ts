/**
 * Pages, downloads and assets are compressed for a client that accepts it (brotli first), cached or
 * not, and our versioned assets are kept for a year.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/test-app.js'

describe('compression and asset caching', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp('pglite')
  })
  afterAll(async () => t?.close())

  it('sends the overview brotli-compressed to at most a third of its bytes, from the cache as on first render', async () => {
    const plain = await t.app.inject({ url: '/' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    for (const attempt of ['first', 'cached']) {
      const res = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br, gzip' } })
      expect(res.headers['content-encoding'], attempt).toBe('br')
      expect(res.headers.vary).toMatch(/accept-encoding/i)
      expect(res.rawPayload.length, attempt).toBeLessThanOrEqual(plain.rawPayload.length / 3)
      expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(plain.body)
    }
  })

  it('gzips for a client that accepts only gzip, CSS and JSON alike', async () => {
    for (const url of ['/', '/api/v1/indicators', `/static/app.css`]) {
      const res = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-encoding'], url).toBe('gzip')
      expect(gunzipSync(res.rawPayload).length, url).toBeGreaterThan(res.rawPayload.length)
    }
  })

  it('links our CSS and JavaScript by content hash and lets browsers keep them for a year', async () => {
    const page = await t.app.inject({ url: '/' })
    const css = /href="(\/static\/app\.css\?v=[0-9a-f]{12})"/.exec(page.body)?.[1]
    const js = /src="(\/static\/app\.js\?v=[0-9a-f]{12})"/.exec(page.body)?.[1]
    expect(css).toBeDefined()
    expect(js).toBeDefined()
    for (const url of [css!, js!]) {
      const res = await t.app.inject({ url })
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
  })
})
