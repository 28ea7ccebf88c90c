/**
 * `best-chance fetch fingertips` against a local server that replays a real Fingertips export
 * (../shared/reference) at the API's own address: it imports the replayed response, and refuses a
 * truncated response, an HTML page and an error status with a clear message and nothing stored.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, projectRoot } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { fetchFingertipsCommand } from '../../src/app/cli/commands/fetch.js'
import type { CommandContext } from '../../src/app/cli/command-context.js'
import { loadAreas, loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { FINGERTIPS_EXPORT, sharedReference } from '../helpers/shared-reference.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const exported = sharedReference(FINGERTIPS_EXPORT)

/** What the replay server answers: the export whole, cut short, an HTML page, or an error. */
let mode: 'whole' | 'truncated' | 'html' | 'error' = 'whole'
const requests: string[] = []

describe.skipIf(!exported.present).each(engines)('fetch fingertips on %s', (engine) => {
  let handle: DatabaseHandle
  let server: Server
  let baseUrl = ''
  const body = exported.present ? readFileSync(exported.path) : Buffer.alloc(0)

  beforeAll(async () => {
    handle = await createTestDatabase(engine)
    const read = (f: string) => readFileSync(path.join(projectRoot, 'data/areas', f), 'utf8')
    await loadAreas(handle.db, read('areas.csv'), read('comparator-groups.csv'))
    await loadIndicatorMetadata(handle.db, [path.join(projectRoot, 'test/fixtures/indicators/test-indicators.yaml')])
    server = createServer((req, res) => {
      requests.push(req.url ?? '')
      const url = new URL(req.url ?? '/', 'http://replay')
      if (url.pathname !== '/api/all_data/csv/by_indicator_id' || url.searchParams.get('indicator_ids') !== '93356') {
        res.writeHead(404).end()
        return
      }
      if (mode === 'error') res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
      else if (mode === 'html')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!DOCTYPE html><html><body>Service unavailable</body></html>\n')
      else if (mode === 'truncated') {
        // Declares the whole length, then sends two thirds and closes: a connection cut mid-file.
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(body.length) })
        res.write(body.subarray(0, Math.floor((body.length * 2) / 3)))
        res.socket?.destroy()
      } else res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(body.length) }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    await handle?.close()
  })

  const run = async (...args: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const ctx: CommandContext = {
      io: { out: (t) => out.push(t), err: (t) => err.push(t), progress: () => {}, readStdin: async () => '' },
      // Published at once, as before the release workflow (tested in releases*.test.ts).
      config: loadConfig({ NODE_ENV: 'test', RELEASE_WORKFLOW: 'off' }),
      cwd: projectRoot,
      actor: 'cli:analyst',
      database: async () => ({ db: handle.db, engine }),
    }
    const code = await fetchFingertipsCommand(ctx, ['--base-url', baseUrl, ...args])
    return { code, out: out.join('\n'), err: err.join('\n') }
  }
  const stored = async () =>
    Number(
      (
        await handle.db
          .selectFrom('data_points')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('refuses a response cut short, naming the indicator and what arrived, and stores nothing', async () => {
    mode = 'truncated'
    const result = await run()
    expect(result.code).toBe(1)
    expect(result.err).toMatch(
      /^refused, nothing stored:\n {2}Fingertips indicator 93356: the response was cut short: /,
    )
    expect(await stored()).toBe(0)
  })

  it('refuses an HTML page and an error status, and stores nothing', async () => {
    mode = 'html'
    const html = await run()
    expect(html.code).toBe(1)
    expect(html.err).toContain(
      'Fingertips indicator 93356: the response is not a Fingertips CSV (it begins "<!DOCTYPE html>',
    )
    mode = 'error'
    const error = await run()
    expect(error.code).toBe(1)
    expect(error.err).toContain('Fingertips indicator 93356: the API answered HTTP 500')
    expect(await stored()).toBe(0)
  })

  it('asks the documented endpoint for every indicator with a Fingertips id, and imports the replayed export', async () => {
    mode = 'whole'
    requests.length = 0
    const result = await run()
    expect(result.err).toBe('')
    expect(result.code).toBe(0)
    expect(requests).toEqual([
      '/api/all_data/csv/by_indicator_id?indicator_ids=93356&child_area_type_id=502&parent_area_type_id=6',
    ])
    expect(result.out).toMatch(
      /fingertips-93356\.csv \(fingertips\): rows read \d+, added \d+, revised 0, unchanged 0, rejected 0/,
    )
    const rows = body
      .toString('utf8')
      .trim()
      .split('\n')
      .filter((l) => /^93356,/.test(l)).length
    expect(await stored()).toBe(rows)
    const one = await handle.db.selectFrom('data_points').select('source').limit(1).executeTakeFirstOrThrow()
    expect(one.source).toMatch(
      /^OHID Fingertips API, http:\/\/127\.0\.0\.1:\d+\/api\/all_data\/csv\/by_indicator_id\?indicator_ids=93356&child_area_type_id=502&parent_area_type_id=6, retrieved \d{4}-\d{2}-\d{2}; Open Government Licence v3\.0$/,
    )
  })

  it('refuses a Fingertips id no indicator has', async () => {
    await expect(run('--indicator', '12345')).rejects.toThrow('no indicator has Fingertips id 12345')
  })
})
