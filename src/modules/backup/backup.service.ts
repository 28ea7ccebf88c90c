/**
 * export-all and restore over a database handle. Export reads one consistent snapshot, table by
 * table in load order, and writes each row as a sealed line as it is read. Restore checks the
 * header against this database's schema, then in one transaction checks the database is empty,
 * loads each line as it is read (checked first, so the first bad line is named and nothing is
 * kept), sets the sequences, and audits the restore after the restored trail.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChanges } from '../../db/changes/with-change.js'
import {
  encodeFloat,
  encodingOf,
  ExportReader,
  ExportRefused,
  FORMAT,
  FORMAT_VERSION,
  headerLine,
  loadOrder,
  orderProblems,
  restoreText,
  rowLine,
  schemaDifferences,
  trailerLine,
  type ExportHeader,
  type ExportValue,
  type TableSpec,
} from './backup.format.js'
import type { ExportLine } from './backup.files.js'
import {
  beginSnapshot,
  BOOKKEEPING_TABLES,
  clearSeededRows,
  EXCLUDED_TABLES,
  insertRows,
  migrationNames,
  readReferences,
  readRows,
  readTables,
  resetSequences,
  tablesWithRows,
  type CatalogColumn,
  type CatalogTable,
} from './backup.repository.js'

type Db = Kysely<Database>

/** Left out of an export unless asked for: with them, the file is as secret as the database. */
export const PASSWORD_HASHES = 'users.password_hash'

export interface ExportOptions {
  engine: string
  includePasswordHashes: boolean
  now?: Date
}

export interface ExportSummary {
  header: ExportHeader
  rows: Record<string, number>
  total: number
  lines: number
}

/** Tables to export, in load order, and the migrations' latest name. */
async function describeDatabase(db: Db): Promise<{ tables: CatalogTable[]; schema: string }> {
  const all = (await readTables(db)).filter((t) => !(t.name in EXCLUDED_TABLES))
  const order = loadOrder(
    all.map((t) => t.name),
    await readReferences(db),
  )
  const schema = (await migrationNames(db)).at(-1)
  if (!schema) throw new Error('this database has had no migrations: there is nothing to export')
  return { tables: order.map((name) => all.find((t) => t.name === name)!), schema }
}

const spec = (t: CatalogTable): TableSpec => ({
  name: t.name,
  primaryKey: t.primaryKey,
  columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
})

/** A row as the driver gave it, as the export writes it (the SQL already wrote most as text). */
function encodeRow(table: CatalogTable, raw: Record<string, unknown>): Record<string, ExportValue> {
  const row: Record<string, ExportValue> = {}
  for (const c of table.columns) {
    const value = raw[c.name] ?? null
    row[c.name] = encodingOf(c.typname) === 'float' ? encodeFloat(value as number | null) : (value as ExportValue)
  }
  return row
}

export async function exportAll(
  db: Db,
  write: (line: string) => Promise<void>,
  options: ExportOptions,
): Promise<ExportSummary> {
  return db.transaction().execute(async (tx) => {
    await beginSnapshot(tx)
    const { tables, schema } = await describeDatabase(tx)
    const redacted = options.includePasswordHashes
      ? []
      : tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)).filter((name) => name === PASSWORD_HASHES)
    const header: ExportHeader = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      engine: options.engine,
      schema,
      redacted,
      tables: tables.map(spec),
    }
    let sealed = headerLine(header)
    await write(sealed.line)
    let lines = 1
    const rows: Record<string, number> = {}
    for (const table of tables) {
      rows[table.name] = 0
      const hidden = new Set(
        redacted.filter((r) => r.startsWith(`${table.name}.`)).map((r) => r.slice(table.name.length + 1)),
      )
      for await (const batch of readRows(tx, table, hidden)) {
        for (const raw of batch) {
          sealed = rowLine(table.name, encodeRow(table, raw), sealed.check)
          await write(sealed.line)
          lines++
          rows[table.name]!++
        }
      }
    }
    const total = Object.values(rows).reduce((a, b) => a + b, 0)
    await write(trailerLine({ end: true, rows, total, lines: lines + 1 }, sealed.check).line)
    return { header, rows, total, lines: lines + 1 }
  })
}

export interface RestoreOptions {
  /** The file's name as the audit trail records it. */
  source: string
  actor: string
}

export interface RestoreSummary {
  header: ExportHeader
  rows: Record<string, number>
  total: number
  sequences: number
  /** Accounts restored with no password because the export left the hashes out. */
  accountsWithoutPassword: number
}

/** The export must be of this database's schema, table for table and column for column. */
async function checkSchema(db: Db, header: ExportHeader): Promise<CatalogTable[]> {
  const known = await migrationNames(db)
  const latest = known.at(-1)
  if (!known.includes(header.schema)) {
    throw new ExportRefused(
      `line 1: the export is of schema ${header.schema}, which this Best Chance does not know (its latest is ${latest}): restore it with the Best Chance that wrote it, or a newer one`,
    )
  }
  if (header.schema !== latest) {
    throw new ExportRefused(
      `line 1: the export is of schema ${header.schema}, but this Best Chance migrates databases to ${latest}: restore it with the Best Chance release that wrote it, then start this one on that database to upgrade it`,
    )
  }
  const tables = (await readTables(db)).filter((t) => !(t.name in EXCLUDED_TABLES))
  const problems = [
    ...schemaDifferences(header.tables, tables.map(spec)),
    ...orderProblems(
      header.tables.map((t) => t.name),
      await readReferences(db),
    ),
  ]
  if (problems.length)
    throw new ExportRefused(`line 1: the export's tables do not match this database's: ${problems.join('; ')}`)
  return tables
}

/** Rows gathered per table and inserted a batch at a time; a refused batch names its lines. */
function batchLoader(tx: Db, tables: CatalogTable[]) {
  const insertable = new Map(tables.map((t) => [t.name, t.columns.filter((c) => !c.generated)]))
  let table: string | null = null
  let columns: CatalogColumn[] = []
  let values: (string | null)[][] = []
  let lines: number[] = []
  let size = 0
  const flush = async () => {
    if (!table || lines.length === 0) return
    try {
      await insertRows(tx, table, columns, values)
    } catch (error) {
      throw new ExportRefused(
        `lines ${lines[0]}–${lines.at(-1)} (${table}): the database refused them: ${(error as Error).message}`,
      )
    }
    values = columns.map(() => [])
    lines = []
    size = 0
  }
  return {
    flush,
    async add(line: number, name: string, row: Record<string, unknown>) {
      if (name !== table || lines.length >= 1000 || size >= 8_000_000) await flush()
      if (name !== table) {
        table = name
        columns = insertable.get(name)!
        values = columns.map(() => [])
      }
      columns.forEach((c, i) => {
        try {
          const text = restoreText(row[c.name] ?? null)
          values[i]!.push(text)
          size += text?.length ?? 0
        } catch (error) {
          throw new ExportRefused(`line ${line}: column ${c.name}: ${(error as Error).message}`)
        }
      })
      lines.push(line)
    },
  }
}

/** Refuses a database that holds anything beyond what the migrations put there. */
async function refuseIfNotEmpty(tx: Db): Promise<void> {
  const names = (await readTables(tx)).map((t) => t.name).filter((n) => !BOOKKEEPING_TABLES.includes(n))
  const full = await tablesWithRows(tx, names)
  if (full.length) {
    throw new ExportRefused(
      `this database is not empty (${full.join(', ')} hold rows): restore loads only into an empty one. Point DATABASE_URL or DATA_DIR at a new database (restore runs the migrations itself)`,
    )
  }
}

export async function restoreExport(
  db: Db,
  lines: AsyncIterable<ExportLine>,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const source = lines[Symbol.asyncIterator]()
  try {
    return await restoreFrom(db, source, options)
  } finally {
    await source.return?.() // closes the file when restore stopped before its end
  }
}

async function restoreFrom(
  db: Db,
  source: AsyncIterator<ExportLine>,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const reader = new ExportReader()
  const first = await source.next()
  if (first.done) reader.finish()
  const { header } = reader.accept(first.value.number, first.value.text, first.value.terminated) as {
    header: ExportHeader
  }
  const tables = await checkSchema(db, header)
  return withChanges(db, options.actor, async (tx, change) => {
    await refuseIfNotEmpty(tx)
    await clearSeededRows(tx)
    const loader = batchLoader(tx, tables)
    const rows: Record<string, number> = Object.fromEntries(tables.map((t) => [t.name, 0]))
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const event = reader.accept(next.value.number, next.value.text, next.value.terminated)
      if (event.kind !== 'row') continue
      await loader.add(next.value.number, event.table, event.row)
      rows[event.table]!++
    }
    reader.finish()
    await loader.flush()
    const sequences = await resetSequences(tx)
    const total = Object.values(rows).reduce((a, b) => a + b, 0)
    const passwordHashes = !header.redacted.includes(PASSWORD_HASHES)
    await change.record({
      action: 'backup.restore',
      entityType: 'database',
      entityId: options.source,
      before: null,
      after: {
        file: options.source,
        exportedAt: header.createdAt,
        exportedFrom: header.engine,
        schema: header.schema,
        rows: total,
        passwordHashes,
      },
    })
    return { header, rows, total, sequences, accountsWithoutPassword: passwordHashes ? 0 : (rows.users ?? 0) }
  })
}
