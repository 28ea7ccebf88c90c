/**
 * The release workflow from the command line, on both engines: `best-chance import` with the
 * workflow on says the import is a draft and names its release, stores nothing public, and
 * `release list` and `release publish-due` show and publish it. The figure is synthetic test data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandContext } from '../../src/app/cli/command-context.js'
import { runDatabaseCommand } from '../../src/app/cli/commands/index.js'
import { findDataPoints } from '../../src/modules/indicators/data-points.repository.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-release-cli-'))
const file = path.join(scratch, 'draft.csv')
writeFileSync(
  file,
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote\n' +
    'year-6-obesity,E09000002,2022/23,,,,,44.9,,,,,,,,Synthetic command-line test figure (not real data),\n',
)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe.each(engines)('the release commands (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>

  async function run(args: string[]) {
    const out: string[] = []
    const err: string[] = []
    const ctx: CommandContext = {
      io: { out: (x) => out.push(x), err: (x) => err.push(x), progress: () => {}, readStdin: async () => '' },
      config: t.config,
      cwd: scratch,
      actor: 'cli:test',
      database: async () => ({ db: t.database.db, engine }),
    }
    const code = await runDatabaseCommand(ctx, args)
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  const published = async () =>
    (await findDataPoints(t.database.db, { indicatorId: 'year-6-obesity', areaCode: 'E09000002' })).map(
      (p) => p.period_key,
    )

  beforeAll(async () => {
    t = await createTestApp(engine, { RELEASE_WORKFLOW: 'on' })
  }, 240_000)
  afterAll(async () => t?.close())

  it('imports as a draft, naming the release, and publishes it only when approved and due', async () => {
    const before = await published()
    const imported = await run(['import', 'draft.csv'])
    expect(imported.code).toBe(0)
    const id = /a draft: release (\d+), not public until it is approved/.exec(imported.out)?.[1]
    expect(id, imported.out).toBeDefined()
    expect(await published()).toEqual(before)
    expect((await run(['release', 'list'])).out).toContain(`release ${id}  draft  draft.csv  release time not set`)
    // A draft is never due.
    expect((await run(['release', 'publish-due'])).out).toBe('no release is due')
    await t.database.db
      .updateTable('releases')
      .set({ status: 'approved', approved_by: 'test', release_at: new Date(Date.now() - 1000) })
      .where('id', '=', id!)
      .execute()
    expect((await run(['release', 'publish-due'])).out).toBe(`published release(s) ${id}`)
    expect((await published()).length).toBe(before.length + 1)
    expect((await run(['release', 'list', 'extra'])).code).toBe(2)
  })
})
