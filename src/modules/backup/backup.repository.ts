/**
 * Every SQL statement backup and restore run. The tables, their columns, keys and references are
 * read from pg_catalog at run time, so a table a new migration adds is exported and restored with
 * no change here; only the tables left out, and the rows migrations insert themselves, are named.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from 'kysely/migration'
import type { Database } from '../../db/database.js'
import { encodingOf, type ColumnSpec, type Reference } from './backup.format.js'

/** Kysely's record of the migrations run (migrate.ts uses its default names). */
export const BOOKKEEPING_TABLES: readonly string[] = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]

/** Tables an export leaves out, and why (docs/backup.md says the same). */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  sessions: 'sign-in sessions are ephemeral: a restored service signs everyone in afresh',
  [DEFAULT_MIGRATION_TABLE]: 'the migrations already run: restore runs them itself, and the export names the latest',
  [DEFAULT_MIGRATION_LOCK_TABLE]: 'the migrations lock',
  ...Object.fromEntries(
    ['disclosure_decisions', 'point_suppression', 'summary_disclosure'].map((t) => [
      t,
      "disclosure control decided from the data (disclosure/decisions.ts): made again from the restored data, at the restored service's own threshold",
    ]),
  ),
}

/** Rows the migrations insert themselves: a database holding only these is still empty. */
const SEEDED_BY_MIGRATIONS: Readonly<Record<string, RawBuilder<boolean>>> = {
  data_version: sql<boolean>`id = 1 and version = 0`,
}

export interface CatalogColumn extends ColumnSpec {
  /** pg_type.typname: int8, timestamptz, jsonb... */
  typname: string
  /** A generated column: exported to read, never inserted. */
  generated: boolean
}

export interface CatalogTable {
  name: string
  primaryKey: string[]
  columns: CatalogColumn[]
}

type Db = Kysely<Database>
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Every table in the schema (ordinary tables, in name order), with its columns and primary key. */
export async function readTables(db: Db): Promise<CatalogTable[]> {
  const { rows: columns } = await sql<{
    table: string
    column: string
    type: string
    typname: string
    generated: boolean
  }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
      t.typname, a.attgenerated in ('s', 'v') as generated
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_type t on t.oid = a.atttypid
    where n.nspname = current_schema() and c.relkind = 'r'
    order by c.relname, a.attnum`.execute(db)
  const { rows: keys } = await sql<{ table: string; column: string }>`
    select c.relname as table, a.attname as column
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(con.conkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where con.contype = 'p' and n.nspname = current_schema()
    order by c.relname, k.position`.execute(db)
  const tables = new Map<string, CatalogTable>()
  for (const c of columns) {
    const table = tables.get(c.table) ?? { name: c.table, primaryKey: [], columns: [] }
    table.columns.push({ name: c.column, type: c.type, typname: c.typname, generated: c.generated })
    tables.set(c.table, table)
  }
  for (const k of keys) tables.get(k.table)?.primaryKey.push(k.column)
  return [...tables.values()].sort((a, b) => byCodeUnit(a.name, b.name))
}

/** Which table references which (foreign keys), within the schema. */
export async function readReferences(db: Db): Promise<Reference[]> {
  const { rows } = await sql<Reference>`
    select distinct c.relname as table, r.relname as references
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_class r on r.oid = con.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where con.contype = 'f' and n.nspname = current_schema()`.execute(db)
  return rows.sort((a, b) => byCodeUnit(a.table, b.table) || byCodeUnit(a.references, b.references))
}

/** The names of the migrations this database has run, in order. */
export async function migrationNames(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.id(DEFAULT_MIGRATION_TABLE)}`.execute(db)
  return rows.map((r) => r.name).sort(byCodeUnit)
}

/** Makes the transaction one consistent, read-only view of the database (before any query in it). */
export async function beginSnapshot(tx: Db): Promise<void> {
  await sql`set transaction isolation level repeatable read read only`.execute(tx)
}

/** A column as the export writes it (docs/backup.md: values). */
function exportExpression(column: CatalogColumn, redacted: boolean) {
  const ref = sql.id(column.name)
  const as = sql.id(column.name)
  if (redacted) return sql`null as ${as}`
  switch (encodingOf(column.typname)) {
    case 'timestamptz':
      return sql`case when isfinite(${ref}) then to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') else ${ref}::text end as ${as}`
    case 'timestamp':
      return sql`case when isfinite(${ref}) then to_char(${ref}, 'YYYY-MM-DD"T"HH24:MI:SS.US') else ${ref}::text end as ${as}`
    case 'date':
      return sql`case when isfinite(${ref}) then to_char(${ref}, 'YYYY-MM-DD') else ${ref}::text end as ${as}`
    case 'text':
      return sql`${ref}::text as ${as}`
    default:
      return sql`${ref}`
  }
}

/** Primary-key order, text compared byte by byte so both engines agree; all columns when there is no key. */
function rowOrder(table: CatalogTable) {
  if (table.primaryKey.length === 0) return table.columns.map((c) => sql`${sql.id(c.name)}::text collate "C"`)
  return table.primaryKey.map((name) => {
    const column = table.columns.find((c) => c.name === name)!
    return encodingOf(column.typname) === 'string' ? sql`${sql.id(name)} collate "C"` : sql`${sql.id(name)}`
  })
}

/** A table's rows in order, a batch at a time, through a cursor in the caller's transaction. */
export async function* readRows(
  tx: Db,
  table: CatalogTable,
  redacted: ReadonlySet<string>,
  batch = 1000,
): AsyncGenerator<Record<string, unknown>[]> {
  const columns = table.columns.map((c) => exportExpression(c, redacted.has(c.name)))
  await sql`declare backup_rows no scroll cursor for
    select ${sql.join(columns)} from ${sql.id(table.name)} order by ${sql.join(rowOrder(table))}`.execute(tx)
  try {
    for (;;) {
      const { rows } = await sql<
        Record<string, unknown>
      >`fetch forward ${sql.raw(String(batch))} from backup_rows`.execute(tx)
      if (rows.length === 0) return
      yield rows
    }
  } finally {
    await sql`close backup_rows`.execute(tx)
  }
}

/** The tables holding any row the migrations did not insert themselves. */
export async function tablesWithRows(db: Db, tables: string[]): Promise<string[]> {
  const found: string[] = []
  for (const table of tables) {
    const seeded = SEEDED_BY_MIGRATIONS[table]
    const { rows } = await sql<{ found: boolean }>`
      select exists (select 1 from ${sql.id(table)} ${seeded ? sql`where not (${seeded})` : sql``}) as found`.execute(
      db,
    )
    if (rows[0]?.found) found.push(table)
  }
  return found
}

/** Removes the rows migrations inserted, for the export's own to take their place. */
export async function clearSeededRows(tx: Db): Promise<void> {
  for (const [table, seeded] of Object.entries(SEEDED_BY_MIGRATIONS))
    await sql`delete from ${sql.id(table)} where ${seeded}`.execute(tx)
}

/**
 * Inserts rows (values as text, one array per column, in `columns` order) in one statement:
 * unnest takes one parameter per column whatever the number of rows, and each value is cast to its
 * column's type as this database names it. Identity columns keep the exported values.
 */
export async function insertRows(
  tx: Db,
  table: string,
  columns: CatalogColumn[],
  values: (string | null)[][],
): Promise<void> {
  const names = sql.join(columns.map((c) => sql.id(c.name)))
  const casts = sql.join(columns.map((c) => sql`${sql.id('u', c.name)}::${sql.raw(c.type)}`))
  const arrays = sql.join(values.map((v) => sql`${v}::text[]`))
  await sql`insert into ${sql.id(table)} (${names}) overriding system value
    select ${casts} from unnest(${arrays}) as u(${names})`.execute(tx)
}

/** Sets every sequence a column owns (serial, bigserial, identity) to its column's largest value. */
export async function resetSequences(tx: Db): Promise<number> {
  const { rows } = await sql<{ sequence: string; table: string; column: string }>`
    select quote_ident(sn.nspname) || '.' || quote_ident(s.relname) as sequence, c.relname as table, a.attname as column
    from pg_depend d
    join pg_class s on s.oid = d.objid and s.relkind = 'S'
    join pg_namespace sn on sn.oid = s.relnamespace
    join pg_class c on c.oid = d.refobjid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
    where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
      and d.deptype in ('a', 'i') and n.nspname = current_schema()
    order by 1`.execute(tx)
  for (const r of rows) {
    const column = sql.id(r.column)
    await sql`select setval(${r.sequence}::regclass,
        coalesce(max(${column}), (select seqstart from pg_sequence where seqrelid = ${r.sequence}::regclass)),
        max(${column}) is not null)
      from ${sql.id(r.table)}`.execute(tx)
  }
  return rows.length
}
