/**
 * Crash safety, shown by killing real processes with SIGKILL, on both engines.
 *
 * Why: "all or nothing" is easy to claim and only a crash tests it. A graceful stop runs our
 * rollbacks and closes the database; kill -9 (the OOM killer, a host restart, a stuck deploy) runs
 * nothing. So this file runs the real command line and the real server as child processes, kills
 * them at chosen moments of a write, and then checks the database as the next process finds it:
 * it must open (for PGlite that means recovering from its write-ahead log, and taking over whatever
 * the dead process left behind: this file never tidies up after a kill), and every write must be
 * either entirely there or entirely absent. Then the same write, run again, must succeed.
 *
 * - An import is killed while it stages the file, while it stores the rows, and near its commit
 *   (computing summaries, every row already written). The moment is chosen by watching the child
 *   read the file (its offset in /proc/<pid>/fdinfo: the progress bar is drawn only on a
 *   terminal); once the file is read, on PostgreSQL by watching the import's statements in
 *   pg_stat_activity, and on PGlite, which nothing outside its process can watch, by fractions of
 *   the time the last full run took to store.
 * - The server is killed around an administrator's "add an action" form post: half-way through
 *   the request (by the time an earlier post took); inside the transaction (PostgreSQL: held at
 *   the audit insert by a table lock, so provably after the action row was written; PGlite: at
 *   the first write to its write-ahead log, which is the commit); and right after the 303 came
 *   back, when the action must be there.
 * - A control test builds partial states on purpose (half an import; an import without its audit
 *   event; an action without its audit event, and the reverse) and shows the checks call them partial.
 *
 * Synthetic data only: made-up figures for a real indicator (year-6-obesity) and real area codes,
 * in academic years 1901/02 onwards, which no real data uses.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, describe, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { openDatabase, type Engine } from '../../src/db/client.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/database.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { loadShippedData } from '../../src/modules/indicators/startup-data.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

const CLI = path.join(projectRoot, 'src/app/cli/main.ts')
const scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'best-chance-crash-')))
const children = new Set<ChildProcess>()
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(scratch, { recursive: true, force: true })
})

// ---- the data ----------------------------------------------------------------------------------

const INDICATOR = 'year-6-obesity'
const SOURCE = 'synthetic crash-safety test data'
const AREAS = readFileSync(path.join(projectRoot, 'data/areas/areas.csv'), 'utf8')
  .split('\n')
  .map((line) => line.split(',')[0]!)
  .filter((code) => /^E\d{8}$/.test(code))
/** 175 areas × 80 academic years = 14,000 rows (about 0.7 MB): a few seconds to import, bounded. */
const PERIODS = 80

interface ImportFile {
  file: string
  rows: number
  /** md5 of the rows as `area|period|value`, sorted: what the stored current rows must match. */
  contentMd5: string
}

/** Writes a template CSV; `shift` changes every value, so each file revises all of the last one. */
function writeImportFile(name: string, periods: number, shift: number): ImportFile {
  const lines = ['indicator_id,area_code,period,value,source']
  const content: string[] = []
  let k = 0
  for (let p = 0; p < periods; p++) {
    const year = 1901 + p
    const label = `${year}/${String((year + 1) % 100).padStart(2, '0')}`
    for (const area of AREAS) {
      const value = (((k++ * 7 + shift * 13) % 900) + 10) / 10 // 1.0 to 90.9: a percentage
      lines.push(`${INDICATOR},${area},${label},${value.toFixed(1)},${SOURCE}`)
      content.push(`${area}|${label}|${String(Number(value.toFixed(1)))}`)
    }
  }
  const file = path.join(scratch, `${name}.csv`)
  writeFileSync(file, lines.join('\n') + '\n')
  content.sort()
  return { file, rows: content.length, contentMd5: createHash('md5').update(content.join('\n')).digest('hex') }
}

// ---- processes ---------------------------------------------------------------------------------

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  delete env.DATA_DIR
  return { ...env, ...extra }
}

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Starts `best-chance <args>` as a person runs it (node --import tsx src/app/cli/main.ts). */
function startCli(args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: projectRoot,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d))
  child.stderr!.on('data', (d: Buffer) => (stderr += d))
  child.stdin!.end(stdin ?? '')
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child)
      // Let the pipes drain before reporting what they said.
      setImmediate(() => resolve({ code, signal, stdout, stderr }))
    }),
  )
  return { child, exited, stdout: () => stdout }
}

const runCli = (args: string[], env: Record<string, string>, stdin?: string) => startCli(args, env, stdin).exited

/** How far process `pid` has read `file` (its offset), or null when it does not have it open. */
function readOffset(pid: number, file: string): number | null {
  let fds: string[]
  try {
    fds = readdirSync(`/proc/${pid}/fd`)
  } catch {
    return null
  }
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== file) continue
      const pos = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))
      if (pos) return Number(pos[1])
    } catch {
      // closed while we looked
    }
  }
  return null
}

/**
 * Where to kill an import. While staging: when the command has read this fraction of the file.
 * While storing (the file read): on PostgreSQL, when the import's session is at a statement
 * matching `serverQuery` (pg_stat_activity shows it); on PGlite, which nothing outside its process
 * can watch, at a fraction of the time the last full run took from reading the file to its end.
 */
type ImportKillPoint =
  | { name: string; phase: 'staging'; readFraction: number }
  | { name: string; phase: 'storing'; serverQuery: RegExp; fractionOfStoring: number }

interface WatchedImport {
  exit: Exit
  /** Where the kill landed, or null if the import finished first. */
  killedAt: string | null
  /** From the file being fully read to the process ending (the storing phase), in ms. */
  storingMs: number | null
  totalMs: number
}

/**
 * Runs `best-chance import <file>`, watching how far it has read the file. With a kill point, kills
 * it with SIGKILL there; without, lets it finish and measures how long storing took.
 */
function watchedImport(
  file: string,
  store: Store,
  point: ImportKillPoint | null,
  storingMs: number | null,
): Promise<WatchedImport> {
  const env = store.env
  const size = statSync(file).size
  const started = Date.now()
  const run = startCli(['import', file], env)
  const pid = run.child.pid!
  let seenOpen = false
  let readAt: number | null = null
  let killedAt: string | null = null
  const kill = (where: string) => {
    if (killedAt || run.child.exitCode !== null) return
    killedAt = where
    run.child.kill('SIGKILL')
  }
  const timer = setInterval(() => {
    if (killedAt) return
    const offset = readOffset(pid, file)
    if (offset !== null) {
      seenOpen = true
      if (point?.phase === 'staging' && offset >= point.readFraction * size) {
        kill(`staging, ${Math.round((offset / size) * 100)}% of the file read, ${Date.now() - started} ms after start`)
      }
    } else if (seenOpen && readAt === null) {
      readAt = Date.now()
      if (point?.phase === 'storing' && store.activity) void killAtStatement(point.serverQuery, store.activity)
      else if (point?.phase === 'storing') {
        const delay = Math.round(point.fractionOfStoring * (storingMs ?? 0))
        setTimeout(
          () =>
            kill(
              `storing, ${Date.now() - readAt!} ms after the file was read (${Math.round(point.fractionOfStoring * 100)}% of the last full run's ${storingMs} ms), ${Date.now() - started} ms after start`,
            ),
          delay,
        )
      }
    }
  }, 3)
  async function killAtStatement(pattern: RegExp, activity: () => Promise<string[]>) {
    while (!killedAt && run.child.exitCode === null) {
      const statement = (await activity()).find((q) => pattern.test(q))
      if (statement)
        kill(
          `storing, at "${statement.replace(/\s+/g, ' ').trim().slice(0, 60)}…", ${Date.now() - readAt!} ms after the file was read`,
        )
      else await new Promise((r) => setTimeout(r, 2))
    }
  }
  return run.exited.then((exit) => {
    clearInterval(timer)
    const ended = Date.now()
    return {
      exit,
      killedAt: exit.signal === 'SIGKILL' ? killedAt : null,
      storingMs: readAt === null ? null : ended - readAt,
      totalMs: ended - started,
    }
  })
}

// ---- the database as the next process finds it --------------------------------------------------

type Db = Kysely<Database>

interface Store {
  /** DATA_DIR or DATABASE_URL for the child processes. */
  env: Record<string, string>
  /** Opens the database in this process (PGlite: after the child is gone), runs `fn`, and closes it. */
  use<T>(fn: (db: Db) => Promise<T>): Promise<T>
  /** Waits until the server has finished with the killed process's session (PostgreSQL). */
  settle(): Promise<void>
  /** PostgreSQL: the statement each other session is running, or ran last in its open transaction. */
  activity: (() => Promise<string[]>) | null
  url: string | null
  close(): Promise<void>
}

async function openStore(engine: Engine, name: string): Promise<Store> {
  if (engine === 'pglite') {
    const dataDir = path.join(scratch, `${name}-pglite`)
    return {
      env: { DATA_DIR: dataDir },
      url: null,
      async use(fn) {
        const handle = await openDatabase({ databaseUrl: null, dataDir })
        try {
          return await fn(handle.db)
        } finally {
          await handle.close()
        }
      },
      settle: async () => {},
      activity: null,
      close: async () => {},
    }
  }
  const database = await createTestDatabase('postgres')
  return {
    env: { DATABASE_URL: database.url! },
    url: database.url,
    use: (fn) => fn(database.db),
    async settle() {
      // A killed client's transaction ends (rolled back, or committed if COMMIT had been sent) when
      // its server process notices; until then, wait, so the check sees the final state.
      for (let i = 0; i < 600; i++) {
        const { rows } = await sql<{ busy: number }>`
          select count(*)::int as busy from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state is distinct from 'idle'`.execute(
          database.db,
        )
        if (rows[0]!.busy === 0) return
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error('the killed process’s session did not end on the server within 30 s')
    },
    async activity() {
      const { rows } = await sql<{ query: string }>`
        select query from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state is distinct from 'idle'`.execute(
        database.db,
      )
      return rows.map((r) => r.query)
    },
    close: () => database.close(),
  }
}

interface Fingerprint {
  points: number
  pointsMd5: string
  lastBatch: string
  importEvents: number
  summariesMd5: string
  version: string
}

/** Everything an import writes, summed up: equal fingerprints mean nothing the import touches changed. */
async function fingerprint(db: Db): Promise<Fingerprint> {
  const { rows } = await sql<Fingerprint>`
    select
      (select count(*)::int from data_points) as points,
      (select md5(coalesce(string_agg(concat_ws('|', id, area_code, period_key, value, import_batch_id, replaced_at, replaced_by_batch_id), E'\n' order by id), ''))
         from data_points) as "pointsMd5",
      (select coalesce(max(id), 0)::text from import_batches) as "lastBatch",
      (select count(*)::int from audit_events where action = 'data.import') as "importEvents",
      (select md5(coalesce(string_agg(concat_ws('|', indicator_id, area_code, sex, age, category_type, category, computed_at, finding), E'\n'
         order by indicator_id, area_code, sex, age, category_type, category), '')) from indicator_summaries) as "summariesMd5",
      (select version::text from data_version where id = 1) as version`.execute(db)
  return rows[0]!
}

interface Outcome {
  state: 'before' | 'whole' | 'partial'
  problems: string[]
}

/**
 * The data after an import of `file` that began from `before`: exactly as before, exactly the
 * whole file (one batch, its audit event, every row current with the file's values, the rows it
 * revised marked replaced by it, summaries recomputed, the data version bumped once), or partial.
 */
async function importOutcome(db: Db, before: Fingerprint, file: ImportFile): Promise<Outcome> {
  const now = await fingerprint(db)
  if (JSON.stringify(now) === JSON.stringify(before)) return { state: 'before', problems: [] }
  const problems: string[] = []
  const batches = await db
    .selectFrom('import_batches')
    .selectAll()
    .where('id', '>', before.lastBatch)
    .orderBy('id')
    .execute()
  if (batches.length !== 1)
    return { state: 'partial', problems: [`${batches.length} new import batches (expected 0 or 1)`] }
  const batch = batches[0]!
  const id = String(batch.id)
  if (batch.source_name !== path.basename(file.file)) problems.push(`the new batch is of ${batch.source_name}`)
  if (Number(batch.rows_read) !== file.rows || Number(batch.rejected) !== 0)
    problems.push(`the batch read ${batch.rows_read} rows and rejected ${batch.rejected}`)
  if (Number(batch.added) + Number(batch.revised) !== file.rows)
    problems.push(`the batch added ${batch.added} and revised ${batch.revised} of ${file.rows} rows`)
  const events = await db
    .selectFrom('audit_events')
    .select('id')
    .where('action', '=', 'data.import')
    .where('entity_id', '=', id)
    .execute()
  if (events.length !== 1 || now.importEvents !== before.importEvents + 1)
    problems.push(
      `${events.length} audit events for the batch, ${now.importEvents - before.importEvents} new import events in all`,
    )
  const { rows: current } = await sql<{ n: number; md5: string; elsewhere: number }>`
    select count(*)::int as n, count(*) filter (where import_batch_id <> ${id})::int as elsewhere,
      md5(coalesce(string_agg(area_code || '|' || period_label || '|' || value::text, E'\n'
        order by area_code || '|' || period_label || '|' || value::text collate "C"), '')) as md5
    from data_points where indicator_id = ${INDICATOR} and source = ${SOURCE} and replaced_at is null`.execute(db)
  const c = current[0]!
  if (c.n !== file.rows || c.md5 !== file.contentMd5)
    problems.push(
      `${c.n} current rows (expected ${file.rows}), content ${c.md5 === file.contentMd5 ? 'as the file' : 'not as the file'}`,
    )
  if (c.elsewhere !== 0) problems.push(`${c.elsewhere} current rows from another batch`)
  const { rows: replaced } = await sql<{
    n: number
  }>`select count(*)::int as n from data_points where replaced_by_batch_id = ${id}`.execute(db)
  if (replaced[0]!.n !== Number(batch.revised))
    problems.push(`${replaced[0]!.n} rows marked replaced by the batch, which revised ${batch.revised}`)
  if (now.points !== before.points + Number(batch.added) + Number(batch.revised))
    problems.push(
      `${now.points - before.points} new data points (expected ${Number(batch.added) + Number(batch.revised)})`,
    )
  // An import rewrites only the summaries that differ, so a summary is checked against the data:
  // its latest value must be its series' latest current value.
  const { rows: summaries } = await sql<{ n: number; stale: number }>`
    select count(*)::int as n, count(*) filter (where not exists (
      select 1 from data_points d
      where d.indicator_id = s.indicator_id and d.area_code = s.area_code and d.sex = s.sex and d.age = s.age
        and d.category_type = s.category_type and d.category = s.category and d.replaced_at is null
        and d.period_key = s.summary->'latest'->>'periodKey' and d.value = (s.summary->'latest'->>'value')::float8
        and not exists (
          select 1 from data_points l
          where l.indicator_id = d.indicator_id and l.area_code = d.area_code and l.sex = d.sex and l.age = d.age
            and l.category_type = d.category_type and l.category = d.category and l.replaced_at is null
            and l.value is not null and l.period_key > d.period_key)))::int as stale
    from indicator_summaries s where indicator_id = ${INDICATOR}`.execute(db)
  if (summaries[0]!.n < AREAS.length || summaries[0]!.stale > 0)
    problems.push(`${summaries[0]!.n} summaries for the indicator, ${summaries[0]!.stale} not as the data stands`)
  if (BigInt(now.version) !== BigInt(before.version) + 1n)
    problems.push(`data version ${before.version} → ${now.version} (expected one bump)`)
  return { state: problems.length ? 'partial' : 'whole', problems }
}

const INDICATOR_LINKS = ['breastfeeding-initiation', 'two-year-check']

/** An action with this title: absent (and no audit event), whole (its links and its one audit event), or partial. */
async function actionOutcome(
  db: Db,
  title: string,
): Promise<{ state: 'absent' | 'whole' | 'partial'; problems: string[] }> {
  const actions = await db.selectFrom('actions').select('id').where('title', '=', title).execute()
  const { rows: events } = await sql<{ entity_id: string }>`
    select entity_id from audit_events where entity_type = 'action' and action = 'create' and after->>'title' = ${title}`.execute(
    db,
  )
  if (actions.length === 0 && events.length === 0) return { state: 'absent', problems: [] }
  const problems: string[] = []
  if (actions.length !== 1) problems.push(`${actions.length} actions titled "${title}"`)
  if (events.length !== 1) problems.push(`${events.length} audit events for creating it`)
  const id = actions[0] ? String(actions[0].id) : null
  if (id && events[0] && events[0].entity_id !== id)
    problems.push(`the audit event is for action ${events[0].entity_id}, not ${id}`)
  if (id) {
    const links = await db
      .selectFrom('action_indicators')
      .select('indicator_id')
      .where('action_id', '=', id)
      .orderBy('indicator_id')
      .execute()
    if (links.map((l) => l.indicator_id).join() !== INDICATOR_LINKS.join())
      problems.push(`linked to [${links.map((l) => l.indicator_id).join(', ')}]`)
  }
  return { state: problems.length ? 'partial' : 'whole', problems }
}

/** Runs `fn` in a transaction and rolls it back: for building a partial state to check. */
async function inRolledBackTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  let result: T
  const rollback = new Error('roll back')
  try {
    await db.transaction().execute(async (trx) => {
      result = await fn(trx)
      throw rollback
    })
  } catch (error) {
    if (error !== rollback) throw error
  }
  return result!
}

const log = (line: string) => console.log(`crash-safety: ${line}`)

// ---- the checks can tell -------------------------------------------------------------------------

describe('the crash checks', () => {
  it.concurrent.for(engines)(
    'call a half-stored import, an import without its audit event and an action without its audit event partial, on %s',
    { timeout: 120_000 },
    async (engine, { expect }) => {
      const database = await createTestDatabase(engine)
      try {
        const db = database.db
        await loadShippedData(db, path.join(projectRoot, 'data'), () => {})
        const store = (file: ImportFile) =>
          importData(db, createReadStream(file.file), {
            sourceName: path.basename(file.file),
            actor: 'test',
            format: 'template',
          })
        expect((await store(writeImportFile('control-base', 2, 0))).stored).toBe(true)
        const next = writeImportFile('control-next', 3, 1)
        const before = await fingerprint(db)
        expect(await importOutcome(db, before, next)).toEqual({ state: 'before', problems: [] })

        // Part of the file stored under a new batch (the third year, for some areas), nothing else:
        // what a torn import would leave.
        const half = await inRolledBackTransaction(db, async (trx) => {
          const batch = await trx
            .insertInto('import_batches')
            .values({
              source_name: path.basename(next.file),
              format: 'template',
              actor: 'test',
              rows_read: next.rows,
              added: next.rows,
              revised: 0,
              unchanged: 0,
              rejected: 0,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          const { numAffectedRows } = await sql`
          insert into data_points (indicator_id, area_code, period_key, period_label, period_type, sex, age, category_type, category, value, source, import_batch_id, recorded_at)
          select indicator_id, area_code, '1903-09-01/1904-08-31', '1903/04', period_type, sex, age, category_type, category, value, source, ${batch.id}, now()
          from data_points where source = ${SOURCE} and replaced_at is null and period_label = '1901/02' and area_code < 'E08'`.execute(
            trx,
          )
          expect(Number(numAffectedRows)).toBeGreaterThan(0)
          return importOutcome(trx, before, next)
        })
        expect(half.state).toBe('partial')
        expect(half.problems.join('; ')).toMatch(/audit events/)

        // The whole import, then the same without its audit event.
        expect((await store(next)).stored).toBe(true)
        expect(await importOutcome(db, before, next)).toEqual({ state: 'whole', problems: [] })
        const unaudited = await inRolledBackTransaction(db, async (trx) => {
          await trx
            .deleteFrom('audit_events')
            .where('action', '=', 'data.import')
            .where('entity_id', '=', sql<string>`(select max(id)::text from import_batches)`)
            .execute()
          return importOutcome(trx, before, next)
        })
        expect(unaudited).toMatchObject({
          state: 'partial',
          problems: [expect.stringMatching(/0 audit events for the batch/)],
        })
        // The file's content, one value different: not "whole" either.
        const edited = await inRolledBackTransaction(db, async (trx) => {
          await sql`update data_points set value = value + 0.1 where id = (select max(id) from data_points where source = ${SOURCE})`.execute(
            trx,
          )
          return importOutcome(trx, before, next)
        })
        expect(edited).toMatchObject({ state: 'partial', problems: [expect.stringMatching(/not as the file/)] })

        // Actions: absent, whole through the real service, and each half of a whole.
        expect(await actionOutcome(db, 'control action')).toEqual({ state: 'absent', problems: [] })
        const action = {
          title: 'control action',
          organisationId: 'lbbd',
          leadRole: 'Test lead',
          indicatorIds: INDICATOR_LINKS,
        }
        const withoutAudit = await inRolledBackTransaction(db, async (trx) => {
          await trx
            .insertInto('actions')
            .values({
              title: 'control action',
              organisation_id: 'lbbd',
              lead_role: 'Test lead',
              status: 'not_started',
              created_by: 'test',
              updated_by: 'test',
            })
            .execute()
          return actionOutcome(trx, 'control action')
        })
        expect(withoutAudit).toMatchObject({
          state: 'partial',
          problems: [expect.stringMatching(/0 audit events/), expect.stringMatching(/linked to \[\]/)],
        })
        await createAction(db, action, 'test')
        expect(await actionOutcome(db, 'control action')).toEqual({ state: 'whole', problems: [] })
        const auditOnly = await inRolledBackTransaction(db, async (trx) => {
          await trx.deleteFrom('action_indicators').execute()
          await trx.deleteFrom('actions').where('title', '=', 'control action').execute()
          return actionOutcome(trx, 'control action')
        })
        expect(auditOnly).toMatchObject({ state: 'partial', problems: [expect.stringMatching(/0 actions/)] })
      } finally {
        await database.close()
      }
    },
  )
})

// ---- kill -9 during an import ---------------------------------------------------------------------

const IMPORT_KILLS: ImportKillPoint[] = [
  { name: 'early, while staging the file', phase: 'staging', readFraction: 0.1 },
  {
    name: 'mid-way, while storing the rows',
    phase: 'storing',
    serverQuery: /insert into data_points/i,
    fractionOfStoring: 0.4,
  },
  // Summaries are the last work before the commit: every row, the batch and its audit event are written by then.
  {
    name: 'late, near the commit',
    phase: 'storing',
    serverQuery: /insert into "indicator_summaries"/i,
    fractionOfStoring: 0.9,
  },
]

describe('kill -9 during `best-chance import`', () => {
  // The engines run side by side: each waits on its child processes most of the time.
  it.concurrent.for(engines)(
    'leaves the data as it was or the whole file, never part of it; running it again stores the whole file, on %s',
    { timeout: 600_000 },
    async (engine, { expect }) => {
      const store = await openStore(engine, 'import')
      try {
        // Migrated and loaded with the shipped reference data here, so every command below starts
        // from a database it will not change before it reads the file.
        await store.use(async (db) => {
          await migrateToLatest(db)
          await loadShippedData(db, path.join(projectRoot, 'data'), () => {})
        })
        let storingMs: number | null = null
        let killed = 0
        for (const [i, point] of IMPORT_KILLS.entries()) {
          // Round 1 adds every row; later rounds revise every row of the round before.
          const file = writeImportFile(`${engine}-round-${i + 1}`, PERIODS, i + 1)
          const before = await store.use(fingerprint)

          const attempt = await watchedImport(file.file, store, point, storingMs)
          if (attempt.killedAt) killed++
          await store.settle()
          const outcome = await store.use((db) => importOutcome(db, before, file))
          log(
            `${engine} import, ${point.name}: ${attempt.killedAt ? `killed (${attempt.killedAt})` : `finished first (exit ${attempt.exit.code})`}; found ${outcome.state}`,
          )
          expect(outcome.problems, `after the kill ${point.name}`).toEqual([])
          expect(outcome.state).not.toBe('partial')
          if (!attempt.killedAt) expect(outcome.state).toBe('whole')

          const again = await watchedImport(file.file, store, null, null)
          expect(again.exit.code, again.exit.stderr).toBe(0)
          expect(again.exit.stdout).toMatch(new RegExp(`rows read ${file.rows}, .*rejected 0`))
          expect(await store.use((db) => importOutcome(db, before, file))).toEqual({ state: 'whole', problems: [] })
          // The next kill is aimed by a run that stored the file (not one that found it all unchanged).
          if (!/added 0, revised 0/.test(again.exit.stdout)) storingMs = again.storingMs
          log(
            `${engine} import, ${point.name}: run again in ${again.totalMs} ms (storing ${again.storingMs} ms): ${again.exit.stdout.split('\n')[0]}`,
          )
        }
        // On PostgreSQL a small file can be read and staged between two looks at the child: that
        // round then checks a finished import instead. At least one kill must land on each engine.
        expect(killed, 'kills that landed before the import ended').toBeGreaterThanOrEqual(1)
      } finally {
        await store.close()
      }
    },
  )
})

// ---- kill -9 of the server around a web write ----------------------------------------------------

const ADMIN_EMAIL = 'crash-admin@example.org'
const ADMIN_PASSWORD = 'crash test password, synthetic'

interface Server {
  child: ChildProcess
  base: string
  exited: Promise<Exit>
}

/** Starts `best-chance serve` on a free port and waits until /health answers. */
async function startServe(env: Record<string, string>): Promise<Server> {
  const run = startCli(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' })
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())?.[1]
      if (url) {
        clearInterval(timer)
        resolve(url)
      }
    }, 20)
    void run.exited.then((exit) => {
      clearInterval(timer)
      reject(
        new Error(
          `the server stopped before serving (${exit.code ?? exit.signal}):\n${exit.stderr}\n${exit.stdout.slice(-2000)}`,
        ),
      )
    })
  })
  const health = await fetch(`${base}/health`)
  if (health.status !== 200) throw new Error(`/health answered ${health.status}`)
  return { child: run.child, base, exited: run.exited }
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1]

/** Signs in through the real form; the session is a row, so it outlives the server process. */
async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/sign-in`)
  const token = formToken(await form.text())
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token!, email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  })
  if (res.status !== 303) throw new Error(`signing in answered ${res.status}`)
  const cookie = cookiesOf(res)
  const csrf = formToken(await (await fetch(`${base}/`, { headers: { cookie } })).text())
  if (!csrf) throw new Error('the signed-in page has no form token')
  return { cookie, csrf }
}

/** The add-an-action form as an administrator posts it. */
function actionForm(title: string, csrf: string): string {
  const form = new URLSearchParams({
    _csrf: csrf,
    title,
    description: 'Synthetic action for the crash-safety test.',
    organisationId: 'lbbd',
    leadRole: 'Head of Early Help',
    intentionId: 'best-start-1',
    priorityId: 'first-1001-days',
    deliveryPlan: 'best-start',
    'startDate-day': '1',
    'startDate-month': '4',
    'startDate-year': '2025',
    'dueDate-day': '31',
    'dueDate-month': '3',
    'dueDate-year': '2027',
    status: 'on_track',
    interventionLevel: 'service',
  })
  for (const id of INDICATOR_LINKS) form.append('indicatorIds', id)
  return form.toString()
}

/** Posts a form over a plain socket: `sent` resolves when the request has left, `response` with its status (or the error). */
function post(base: string, url: string, cookie: string, body: string) {
  let sent!: () => void
  const written = new Promise<void>((resolve) => (sent = resolve))
  const response = new Promise<{ status: number; location?: string } | { error: string }>((resolve) => {
    const req = http.request(
      new URL(url, base),
      {
        method: 'POST',
        agent: false,
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume()
        resolve({ status: res.statusCode!, location: res.headers.location })
      },
    )
    req.on('error', (error) => resolve({ error: error.message }))
    req.end(body, () => sent())
  })
  return { written, response }
}

type ServerKillPoint = 'half-way through the request' | 'inside the transaction' | 'right after the response'
const SERVER_KILLS: ServerKillPoint[] = [
  'half-way through the request',
  'inside the transaction',
  'right after the response',
]

describe('kill -9 of `best-chance serve` during a form post', () => {
  it.concurrent.for(engines)(
    'keeps an action whole with its audit event, or not at all, on %s',
    { timeout: 600_000 },
    async (engine, { expect }) => {
      const store = await openStore(engine, 'serve')
      const lockers: pg.Client[] = []
      try {
        const added = await runCli(
          [
            'users',
            'add',
            '--email',
            ADMIN_EMAIL,
            '--name',
            'Crash test administrator',
            '--role',
            'administrator',
            '--password-stdin',
          ],
          store.env,
          ADMIN_PASSWORD,
        )
        expect(added.code, added.stderr).toBe(0)

        let server = await startServe(store.env)
        const session = await signIn(server.base)
        // One post left to finish: the request's usual time, to aim "half-way" at.
        const startedAt = Date.now()
        const calibration = post(
          server.base,
          '/actions/new',
          session.cookie,
          actionForm('Crash test calibration action', session.csrf),
        )
        const calibrated = await calibration.response
        const latencyMs = Date.now() - startedAt
        expect(calibrated).toMatchObject({ status: 303, location: expect.stringMatching(/^\/actions\/\d+/) })

        const outcomes: string[] = []
        for (const [i, point] of SERVER_KILLS.entries()) {
          if (i > 0) server = await startServe(store.env)
          const title = `Crash test action ${i + 1}: killed ${point}`
          let held: pg.Client | null = null
          let stopWatching = () => {}
          let landed = point as string

          const exited = server.exited
          const kill = () => server.child.kill('SIGKILL')
          if (point === 'inside the transaction' && store.url) {
            // Hold the audit table: the server's transaction inserts the action and its links, then
            // waits at its audit insert, where it is killed.
            held = new pg.Client({ connectionString: store.url })
            held.on('error', () => {}) // the database is dropped at the end, even after a failure
            lockers.push(held)
            await held.connect()
            await held.query('begin')
            await held.query('lock table audit_events in share mode')
          }
          let answered = false
          let walWritten = false
          if (point === 'inside the transaction' && !store.url) {
            // PGlite writes its write-ahead log when a transaction commits: kill at that first write.
            const watcher = watch(path.join(store.env.DATA_DIR!, 'pg_wal'), () => {
              if (walWritten) return
              walWritten = true
              landed = answered
                ? 'at the first write-ahead log write, after the response'
                : 'at the first write-ahead log write (the commit), before the response'
              kill()
            })
            stopWatching = () => watcher.close()
          }
          const request = post(server.base, '/actions/new', session.cookie, actionForm(title, session.csrf))
          void request.response.then((r) => {
            answered = 'status' in r
            // Whatever the kill point, the server does not outlive its answer by long.
            setTimeout(() => {
              if (server.child.exitCode !== null || server.child.signalCode !== null) return
              landed = `${landed}: not reached; killed 2 s after the response`
              kill()
            }, 2000)
          })
          await request.written
          if (point === 'half-way through the request') setTimeout(kill, Math.round(latencyMs / 2))
          if (point === 'inside the transaction' && held) {
            const waiting = await Promise.race([
              waitForBlockedAuditInsert(held),
              request.response.then((r) =>
                Promise.reject(
                  new Error(`the server answered instead of waiting at its audit insert: ${JSON.stringify(r)}`),
                ),
              ),
            ])
            expect(
              waiting.holdsActions,
              'the server had written the action row in the transaction it was killed in',
            ).toBe(true)
            landed = 'inside the transaction, after the action row, waiting at its audit insert'
            kill()
          }
          if (point === 'right after the response') await request.response.then(kill)
          const response = await request.response
          await exited
          stopWatching()
          if (held) {
            await held.query('rollback')
            await held.end()
          }
          await store.settle()

          const outcome = await store.use((db) => actionOutcome(db, title))
          const said = 'status' in response ? `${response.status}` : `no response (${response.error})`
          outcomes.push(`${point}: ${landed}; response ${said}; found ${outcome.state}`)
          log(`${engine} serve, ${outcomes.at(-1)}`)
          expect(outcome.problems, `killed ${point}`).toEqual([])
          expect(outcome.state).not.toBe('partial')
          // An answer came back (even one read after the kill, from the socket's buffer): it must be
          // the redirect that says "saved", and what it said was saved must have survived the kill.
          if ('status' in response) {
            expect(response).toMatchObject({ status: 303 })
            expect(outcome.state).toBe('whole')
          }
          if (point === 'inside the transaction' && store.url) expect(outcome.state).toBe('absent')
        }

        // Restarted once more after the last kill: it serves, and the signed-in session still works.
        server = await startServe(store.env)
        const page = await fetch(`${server.base}/actions`, { headers: { cookie: session.cookie } })
        expect(page.status).toBe(200)
        expect(await page.text()).toContain('Crash test calibration action')
        server.child.kill('SIGTERM')
        expect((await server.exited).code).toBe(0)
        expect(await store.use((db) => actionOutcome(db, 'Crash test calibration action'))).toEqual({
          state: 'whole',
          problems: [],
        })
        log(`${engine} serve: calibration post took ${latencyMs} ms`)
      } finally {
        for (const client of lockers) await client.end().catch(() => {})
        await store.close()
      }
    },
  )
})

/** Waits until a server process is blocked writing to audit_events; says whether it holds a write lock on actions. */
async function waitForBlockedAuditInsert(client: pg.Client): Promise<{ pid: number; holdsActions: boolean }> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await client.query<{ pid: number; holds_actions: boolean }>(`
      select w.pid, exists (
        select 1 from pg_locks l where l.pid = w.pid and l.relation = 'actions'::regclass and l.mode = 'RowExclusiveLock' and l.granted
      ) as holds_actions
      from pg_locks w
      where w.relation = 'audit_events'::regclass and w.mode = 'RowExclusiveLock' and not w.granted`)
    if (rows[0]) return { pid: rows[0].pid, holdsActions: rows[0].holds_actions }
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('the server never reached its audit insert')
}
