/**
 * Backup and restore on both engines: a database filled through the product's own services
 * (strategies, shipped data, an import with a revision, accounts, an action, a risk, a meeting)
 * goes PGlite → PostgreSQL → PGlite and comes back row for row; restore refuses a non-empty
 * database and a truncated or altered export, naming the first bad line, and stores nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/db/database.js'
import { readDataVersion } from '../../src/db/data-version.js'
import type { Engine } from '../../src/db/client.js'
import { readExportFile, writeExportFile } from '../../src/modules/backup/backup.files.js'
import { ExportRefused, sealLine, type ExportHeader } from '../../src/modules/backup/backup.format.js'
import { EXCLUDED_TABLES, readTables, tablesWithRows } from '../../src/modules/backup/backup.repository.js'
import { exportAll, restoreExport } from '../../src/modules/backup/backup.service.js'
import { checkPassword } from '../../src/modules/accounts/users.service.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { saveCommentary } from '../../src/modules/indicators/commentary.service.js'
import { addMilestone, addProgressUpdate, createAction } from '../../src/modules/delivery/delivery.service.js'
import { addMitigation, createRisk, escalateRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'
import { addActionArising, addMembership, createMeeting } from '../../src/modules/boards/boards.service.js'
import { loadStrategies } from '../../src/modules/strategy/strategy.loader.js'
import { readStrategyFiles } from '../../src/modules/strategy/strategy.folder.js'
import { sourceReader } from '../../src/modules/strategy/strategy.files.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createUser, ORG_A, TEST_PASSWORD } from '../helpers/accounts.js'
import { createTestApp, fixtures } from '../helpers/test-app.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-backup-'))
/** Text that trips up escaping: quotes, backslashes, array and JSON punctuation, NULL, a newline, emoji. */
const awkward = 'Ann "the first" \\ {a,b} NULL, it\'s\nline two 🙂 <b>'

let source: Awaited<ReturnType<typeof createTestApp>>
let owner: { email: string }
const opened: { close: () => Promise<void> }[] = []
let n = 0
const file = (name: string) => path.join(scratch, `${++n}-${name}`)

async function fresh(engine: Engine) {
  const database = await createTestDatabase(engine)
  opened.push(database)
  return database
}

async function exportTo(db: Kysely<Database>, engine: Engine, target: string, includePasswordHashes = true) {
  const writer = writeExportFile(target)
  const summary = await exportAll(db, writer.write, { engine, includePasswordHashes })
  await writer.close()
  return summary
}

const restoreFrom = (db: Kysely<Database>, from: string) =>
  restoreExport(db, readExportFile(from), { source: from, actor: 'test' })

/** An export's lines, parsed, without their check values. */
async function exportLines(from: string) {
  const lines: Record<string, unknown>[] = []
  for await (const line of readExportFile(from)) {
    const { check: _check, ...rest } = JSON.parse(line.text) as Record<string, unknown>
    lines.push(rest)
  }
  return {
    header: lines[0] as unknown as ExportHeader,
    rows: lines.slice(1, -1) as { table: string; row: Record<string, unknown> }[],
    trailer: lines.at(-1)!,
  }
}

/** Every exported table, read directly, each in primary-key order. */
async function dump(db: Kysely<Database>) {
  const out: Record<string, Record<string, unknown>[]> = {}
  for (const table of (await readTables(db)).filter((t) => !(t.name in EXCLUDED_TABLES))) {
    const order = sql.join(
      (table.primaryKey.length ? table.primaryKey : table.columns.map((c) => c.name)).map((c) => sql.id(c)),
    )
    out[table.name] = (
      await sql<Record<string, unknown>>`select * from ${sql.id(table.name)} order by ${order}`.execute(db)
    ).rows
  }
  return out
}

async function isEmpty(db: Kysely<Database>) {
  const names = (await readTables(db)).map((t) => t.name).filter((name) => !name.startsWith('kysely_'))
  return (await tablesWithRows(db, names)).length === 0 && (await readDataVersion(db)) === '0'
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'the restore should have been refused').toBeInstanceOf(ExportRefused)
  return (error as Error).message
}

/** Fills the source database through the product's services, as people and imports would. */
async function fill(db: Kysely<Database>) {
  const loaded = await loadStrategies(
    db,
    readStrategyFiles([
      path.join(fixtures.strategiesDir, 'mini.yaml'),
      path.join(fixtures.strategiesDir, 'second.yaml'),
    ]),
    {
      actor: 'test',
      sourceText: sourceReader(fixtures.sourcesDir),
    },
  )
  expect(loaded.ok).toBe(true)
  const figure = (value: string) => [
    `indicator_id,area_code,period,value,source\nyear-6-obesity,E09000005,2021/22,${value},synthetic test figure\n`,
  ]
  expect(
    (await importData(db, figure('30.123456789012345'), { sourceName: 'first.csv', format: 'template', actor: 'test' }))
      .added,
  ).toBe(1)
  expect(
    (
      await importData(db, figure('0.30000000000000004'), {
        sourceName: 'second.csv',
        format: 'template',
        actor: 'test',
      })
    ).revised,
  ).toBe(1)
  const admin = await createUser(db, 'administrator', null)
  owner = await createUser(db, 'owner', ORG_A)
  await db
    .insertInto('sessions')
    .values({
      token_hash: 'a'.repeat(64),
      user_id: admin.id,
      csrf_token: 'x',
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute()
  const action = await createAction(
    db,
    {
      title: awkward,
      organisationId: ORG_A,
      leadRole: 'Head of Early Help',
      indicatorIds: ['gld-eyfs'],
      dueDate: '2026-03-31',
    },
    'test',
  )
  await addMilestone(db, action.id, { title: 'Hubs open', dueDate: '2026-02-01' }, 'test')
  await addProgressUpdate(db, action.id, { updateDate: '2025-01-05', status: 'at_risk', commentary: awkward }, 'test')
  const model = await strategyService(db, source.config.primaryStrategy).readModel()
  const risk = await createRisk(
    db,
    model,
    riskSchema.parse({
      kind: 'risk',
      title: awkward,
      cause: 'c',
      effect: 'e',
      organisationId: ORG_A,
      ownerRole: 'Director',
      inherentLikelihood: '3',
      inherentImpact: '4',
      residualLikelihood: '2',
      residualImpact: '3',
      reviewDate: '2099-01-01',
      status: 'open',
      currentBoardId: 'partnership-subgroups',
    }),
    'test',
  )
  await addMitigation(
    db,
    risk.id,
    { action: 'Recruit', ownerRole: 'Director', dueDate: '2026-06-30', status: 'planned' },
    'test',
  )
  await escalateRisk(
    db,
    model,
    risk.id,
    { target: 'board:best-chance-partnership', organisationId: null, representativeRole: null, reason: awkward },
    admin,
  )
  const board = { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' }
  await addMembership(
    db,
    board,
    { roleTitle: 'Chair', organisationId: ORG_A, memberKind: 'chair', fromDate: '2022-04-01', toDate: null },
    admin,
  )
  const meeting = await createMeeting(
    db,
    board,
    { meetsOn: '2026-01-15', title: awkward, location: null, status: 'held', public: true },
    admin,
  )
  await addActionArising(
    db,
    meeting,
    { title: 'Arising', organisationId: ORG_A, leadRole: 'Head of Service', dueDate: null },
    admin,
  )
  expect(
    (await saveCommentary(db, 'gld-eyfs', { storyMd: awkward, partnersMd: '', whatWorksMd: '' }, 0, 'test')).ok,
  ).toBe(true)
}

beforeAll(async () => {
  source = await createTestApp('pglite')
  await fill(source.database.db)
}, 240_000)

afterAll(async () => {
  for (const database of opened) await database.close()
  await source?.close()
  rmSync(scratch, { recursive: true, force: true })
})

describe('a round trip PGlite → PostgreSQL → PGlite', () => {
  it('brings every table back row for row, with the audit trail intact plus one event per restore', async () => {
    const middleEngine: Engine = engines.includes('postgres') ? 'postgres' : 'pglite'
    const db = source.database.db
    const before = await dump(db)
    const [a, b, c] = [file('source.jsonl.gz'), file('middle.jsonl'), file('final.jsonl.gz')]
    await exportTo(db, 'pglite', a)
    const middle = await fresh(middleEngine)
    await restoreFrom(middle.db, a)
    await exportTo(middle.db, middleEngine, b)
    const last = await fresh('pglite')
    await restoreFrom(last.db, b)
    await exportTo(last.db, 'pglite', c)
    const [first, second, third] = [await exportLines(a), await exportLines(b), await exportLines(c)]

    // The export holds what was put in: the revision's replaced row, exact floats, awkward text.
    const points = first.rows.filter(
      (r) => r.table === 'data_points' && r.row.area_code === 'E09000005' && r.row.indicator_id === 'year-6-obesity',
    )
    expect(points.map((p) => [p.row.value, p.row.replaced_at === null])).toEqual([
      [Number('30.123456789012345'), false],
      [0.1 + 0.2, true],
    ])
    expect(first.rows.some((r) => r.table === 'actions' && r.row.title === awkward)).toBe(true)
    expect(first.rows.some((r) => r.table === 'sessions')).toBe(false)
    expect(second.header.engine).toBe(middleEngine)
    const { createdAt: _a, engine: _e, ...firstHeader } = first.header
    const { createdAt: _c, engine: _f, ...thirdHeader } = third.header
    expect(thirdHeader).toEqual(firstHeader)

    // Row lines are identical, but for the two restores' own audit events and the data version.
    const isRestore = (r: { table: string; row: Record<string, unknown> }) =>
      r.table === 'audit_events' && r.row.action === 'backup.restore'
    const ordinary = (rows: typeof first.rows) =>
      rows.filter((r) => r.table !== 'data_version' && !isRestore(r)).map((r) => JSON.stringify(r))
    expect(ordinary(second.rows)).toEqual(ordinary(first.rows)) // PostgreSQL writes what PGlite wrote, in the same order
    expect(ordinary(third.rows)).toEqual(ordinary(first.rows))
    expect(first.rows.filter(isRestore)).toEqual([])
    const lastAudit = Math.max(...first.rows.filter((r) => r.table === 'audit_events').map((r) => Number(r.row.id)))
    expect(third.rows.filter(isRestore).map((r) => [r.row.id, r.row.actor, r.row.entity_id])).toEqual([
      [String(lastAudit + 1), 'test', a],
      [String(lastAudit + 2), 'test', b],
    ])
    const version = (rows: typeof first.rows) => Number(rows.find((r) => r.table === 'data_version')!.row.version)
    expect(version(third.rows)).toBe(version(first.rows) + 2)

    // And read directly, each table in primary-key order, the final database matches the first.
    const after = await dump(last.db)
    expect(Object.keys(after)).toEqual(Object.keys(before))
    for (const table of Object.keys(before)) {
      if (table === 'audit_events') expect(after[table]!.slice(0, -2), table).toEqual(before[table])
      else if (table === 'data_version')
        expect(after[table]!.map((r) => Number(r.version))).toEqual(before[table]!.map((r) => Number(r.version) + 2))
      else expect(after[table], table).toEqual(before[table])
    }
    expect(before.data_points!.length).toBeGreaterThan(50)
    expect(await last.db.selectFrom('sessions').select('token_hash').execute()).toEqual([])
  }, 180_000)

  it('refuses a database that is not empty, and changes nothing in it', async () => {
    const db = source.database.db
    const exported = file('again.jsonl.gz')
    await exportTo(db, 'pglite', exported)
    const before = await dump(db)
    expect(await refusal(restoreFrom(db, exported))).toMatch(
      /^this database is not empty \(.*\busers hold rows\): restore loads only into an empty one/,
    )
    expect(await dump(db)).toEqual(before)
  }, 120_000)
})

describe.each(engines)('restoring into %s', (engine) => {
  let exported: string
  let text: string
  let lines: string[]
  let target: Awaited<ReturnType<typeof fresh>>
  beforeAll(async () => {
    exported = file(`no-hashes-${engine}.jsonl.gz`)
    await exportTo(source.database.db, 'pglite', exported, false)
    text = gunzipSync(readFileSync(exported)).toString('utf8')
    lines = text.split('\n').slice(0, -1)
    target = await fresh(engine)
  }, 120_000)

  const write = (name: string, content: string | Buffer) => {
    const at = file(name)
    writeFileSync(at, content)
    return at
  }

  it('refuses an export cut short inside a line, naming that line, and stores nothing', async () => {
    const cut = text.slice(0, Math.floor(text.length / 2))
    const message = await refusal(restoreFrom(target.db, write('cut.jsonl', cut)))
    expect(message).toBe(`line ${cut.split('\n').length}: the export ends without its closing line: it is truncated`)
    expect(await isEmpty(target.db)).toBe(true)
  }, 120_000)

  it('refuses an export that lost its last lines, and a gzip file cut short', async () => {
    const shorter = lines.slice(0, -3).join('\n') + '\n'
    expect(await refusal(restoreFrom(target.db, write('short.jsonl', shorter)))).toBe(
      `line ${lines.length - 2}: the export ends without its closing line: it is truncated`,
    )
    const gz = gzipSync(text)
    const message = await refusal(
      restoreFrom(target.db, write('cut.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)))),
    )
    const line = Number(/^line (\d+): the export ends without its closing line: it is truncated$/.exec(message)?.[1])
    expect(line).toBeGreaterThan(1)
    expect(line).toBeLessThan(lines.length)
    expect(await isEmpty(target.db)).toBe(true)
  }, 120_000)

  it('refuses an export with one value changed in its middle line, naming that line', async () => {
    const middle = Math.floor(lines.length / 2)
    const { table, row, check } = JSON.parse(lines[middle]!) as {
      table: string
      row: Record<string, unknown>
      check: string
    }
    const column = Object.keys(row).find((k) => typeof row[k] === 'string' || typeof row[k] === 'number')!
    row[column] = typeof row[column] === 'number' ? (row[column] as number) + 1 : `${row[column] as string}x`
    const altered = [...lines]
    altered[middle] = `${JSON.stringify({ table, row }).slice(0, -1)},"check":"${check}"}`
    const message = await refusal(restoreFrom(target.db, write('altered.jsonl', altered.join('\n') + '\n')))
    expect(message).toMatch(
      new RegExp(`^line ${middle + 1}: does not check: it was changed after the export was written`),
    )
    expect(await isEmpty(target.db)).toBe(true)
  }, 120_000)

  /** The export with another schema in its header, every check computed again so only the schema differs. */
  function withSchema(schema: string) {
    const { check: _check, ...header } = JSON.parse(lines[0]!) as Record<string, unknown>
    let sealed = sealLine(JSON.stringify({ ...header, schema }), '')
    const resealed = [sealed.line]
    for (const line of lines.slice(1)) {
      sealed = sealLine(line.replace(/,"check":"[0-9a-f]{16}"\}$/, '}'), sealed.check)
      resealed.push(sealed.line)
    }
    return write(`${schema}.jsonl`, resealed.join('\n') + '\n')
  }

  it('refuses an export of a schema it does not know, and one of an older schema', async () => {
    expect(await refusal(restoreFrom(target.db, withSchema('9999_from_the_future')))).toMatch(
      /^line 1: the export is of schema 9999_from_the_future, which this Best Chance does not know/,
    )
    const latest = (await target.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .orderBy('name' as never, 'desc')
      .executeTakeFirstOrThrow()) as { name: string }
    expect(latest.name).not.toBe('0007_boards')
    expect(await refusal(restoreFrom(target.db, withSchema('0007_boards')))).toMatch(
      new RegExp(
        `^line 1: the export is of schema 0007_boards, but this Best Chance migrates databases to ${latest.name}:`,
      ),
    )
    expect(await isEmpty(target.db)).toBe(true)
  }, 120_000)

  it('refuses a database holding one account', async () => {
    const other = await fresh(engine)
    await createUser(other.db, 'administrator', null)
    expect(await refusal(restoreFrom(other.db, exported))).toMatch(
      /^this database is not empty \(audit_events, users hold rows\)/,
    )
    expect(await other.db.selectFrom('users').select('id').execute()).toHaveLength(1)
  }, 120_000)

  it('leaves password hashes out unless asked; an account restored without one cannot sign in with its old password', async () => {
    const stored = (
      await source.database.db.selectFrom('users').select(['email', 'password_hash']).orderBy('id').execute()
    ).map((u) => u.password_hash)
    expect(stored.every((h) => typeof h === 'string' && h.startsWith('$argon2id$'))).toBe(true)
    const without = await exportLines(exported)
    expect(without.header.redacted).toEqual(['users.password_hash'])
    expect(without.rows.filter((r) => r.table === 'users').map((r) => r.row.password_hash)).toEqual(
      stored.map(() => null),
    )
    const withFile = file(`hashes-${engine}.jsonl.gz`)
    await exportTo(source.database.db, 'pglite', withFile, true)
    const withHashes = await exportLines(withFile)
    expect(withHashes.header.redacted).toEqual([])
    expect(withHashes.rows.filter((r) => r.table === 'users').map((r) => r.row.password_hash)).toEqual(stored)

    const plain = await fresh(engine)
    expect((await restoreFrom(plain.db, exported)).accountsWithoutPassword).toBe(stored.length)
    expect(await checkPassword(plain.db, owner.email, TEST_PASSWORD)).toEqual({ ok: false, reason: 'invalid' })
    const withPasswords = await fresh(engine)
    expect((await restoreFrom(withPasswords.db, withFile)).accountsWithoutPassword).toBe(0)
    expect(await checkPassword(withPasswords.db, owner.email, TEST_PASSWORD)).toMatchObject({
      ok: true,
      user: { email: owner.email },
    })
  }, 120_000)

  it('sets the sequences, so new rows after a restore take the next ids', async () => {
    const { db } = await fresh(engine)
    await restoreFrom(db, exported)
    const max = async (table: 'actions' | 'users' | 'import_batches') =>
      Number(
        (
          await source.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirstOrThrow()
        ).id,
      )
    const action = await createAction(
      db,
      { title: 'After the restore', organisationId: ORG_A, leadRole: 'Head of Service' },
      'test',
    )
    expect(Number(action.id)).toBe((await max('actions')) + 1)
    expect(action.reference).toBe(`ACT-${String((await max('actions')) + 1).padStart(4, '0')}`)
    expect(Number((await createUser(db, 'analyst', null)).id)).toBe((await max('users')) + 1)
    const report = await importData(
      db,
      ['indicator_id,area_code,period,value,source\nyear-6-obesity,E09000005,2021/22,12.5,synthetic\n'],
      { sourceName: 'after.csv', format: 'template', actor: 'test' },
    )
    expect(report).toMatchObject({ revised: 1, stored: true })
  }, 120_000)
})
