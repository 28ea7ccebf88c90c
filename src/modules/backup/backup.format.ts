/**
 * The export file's format, version 1 (docs/backup.md), with no I/O: how each line is sealed into
 * the hash chain and checked again, how values are written so either engine reads them back
 * exactly, the order tables must load in, and the reader that walks a file line by line and names
 * the first line that is wrong. Kept pure so every rule has a unit test without a database.
 */
import { createHash } from 'node:crypto'

export const FORMAT = 'best-chance-export'
export const FORMAT_VERSION = 1

export interface ColumnSpec {
  name: string
  /** As PostgreSQL's format_type names it: "bigint", "timestamp with time zone", "jsonb"... */
  type: string
}

export interface TableSpec {
  name: string
  primaryKey: string[]
  columns: ColumnSpec[]
}

export interface ExportHeader {
  format: typeof FORMAT
  version: number
  createdAt: string
  engine: string
  /** The latest migration the database had: the export loads only into the same schema. */
  schema: string
  /** Columns written as null rather than their value (password hashes, unless asked for). */
  redacted: string[]
  /** In the order they load: a table comes after every table it references. */
  tables: TableSpec[]
}

export interface ExportTrailer {
  end: true
  rows: Record<string, number>
  total: number
  /** Every line of the file, this one included. */
  lines: number
}

/** A value as it stands in a row line: text for anything JSON cannot hold exactly. */
export type ExportValue = string | number | boolean | null

/** How a column's values are written, by its PostgreSQL type name (pg_type.typname). */
export type Encoding = 'number' | 'float' | 'boolean' | 'string' | 'timestamptz' | 'timestamp' | 'date' | 'text'

export function encodingOf(typname: string): Encoding {
  if (typname === 'int2' || typname === 'int4') return 'number'
  if (typname === 'float4' || typname === 'float8') return 'float'
  if (typname === 'bool') return 'boolean'
  if (typname === 'text' || typname === 'varchar' || typname === 'bpchar' || typname === 'name') return 'string'
  if (typname === 'timestamptz' || typname === 'timestamp' || typname === 'date') return typname
  // bigint and numeric (every digit, as text), json and jsonb (their JSON text, so SQL null and
  // JSON null stay apart and numbers keep every digit), and any other type in its text form.
  return 'text'
}

/** A float as JSON can hold it: NaN and the infinities as PostgreSQL spells them. */
export function encodeFloat(value: number | null): ExportValue {
  if (value === null || Number.isFinite(value)) return value
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'
}

/** A row line's value as the text PostgreSQL casts to the column's type on restore. */
export function restoreText(value: unknown): string | null {
  if (value === null) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Error(`a value of ${typeof value === 'object' ? 'an object' : typeof value} cannot be a column's value`)
}

const CHECK_SUFFIX = /,"check":"([0-9a-f]{16})"\}$/

/** The chain: each line's check hashes the previous line's check with this line's text. */
export function chainCheck(previous: string, payload: string): string {
  return createHash('sha256').update(previous).update('\n').update(payload).digest('hex').slice(0, 16)
}

/** A JSON object's text with its check added as the last member; returns the line and the new chain value. */
export function sealLine(payload: string, previous: string): { line: string; check: string } {
  if (!payload.startsWith('{') || !payload.endsWith('}') || payload === '{}')
    throw new Error('a line is a non-empty JSON object')
  const check = chainCheck(previous, payload)
  return { line: `${payload.slice(0, -1)},"check":"${check}"}`, check }
}

export function headerLine(header: ExportHeader, previous = ''): { line: string; check: string } {
  return sealLine(JSON.stringify(header), previous)
}

export function rowLine(
  table: string,
  row: Record<string, ExportValue>,
  previous: string,
): { line: string; check: string } {
  return sealLine(JSON.stringify({ table, row }), previous)
}

export function trailerLine(trailer: ExportTrailer, previous: string): { line: string; check: string } {
  return sealLine(JSON.stringify(trailer), previous)
}

/** The file name export-all gives an export written into a folder. */
export function exportFileName(createdAt: Date): string {
  return `best-chance-export-${createdAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}.jsonl.gz`
}

/** The file is not an export this version can load, or was changed or cut short: nothing is stored. */
export class ExportRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExportRefused'
  }
}

export const truncatedMessage = (line: number) =>
  `line ${line}: the export ends without its closing line: it is truncated`

export interface Reference {
  table: string
  references: string
}

/**
 * Tables in the order they load: each after every table it references (a table that references
 * itself is loaded in primary-key order), ties broken by name so the order is the same on every
 * engine. A cycle between tables cannot be loaded one table at a time, so it is an error.
 */
export function loadOrder(tables: string[], references: Reference[]): string[] {
  const needs = new Map(tables.map((t) => [t, new Set<string>()]))
  for (const r of references)
    if (r.table !== r.references && needs.has(r.table) && needs.has(r.references)) needs.get(r.table)!.add(r.references)
  const order: string[] = []
  const placed = new Set<string>()
  while (order.length < tables.length) {
    const ready = [...needs.keys()]
      .filter((t) => !placed.has(t) && [...needs.get(t)!].every((n) => placed.has(n)))
      .sort(byCodeUnit)
    if (ready.length === 0) {
      const stuck = [...needs.keys()].filter((t) => !placed.has(t)).sort(byCodeUnit)
      throw new Error(`these tables reference each other in a cycle, so none can load first: ${stuck.join(', ')}`)
    }
    order.push(ready[0]!)
    placed.add(ready[0]!)
  }
  return order
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Where an export's table order would load a table before one it references. */
export function orderProblems(order: string[], references: Reference[]): string[] {
  const at = new Map(order.map((t, i) => [t, i]))
  return references
    .filter(
      (r) =>
        r.table !== r.references && at.has(r.table) && at.has(r.references) && at.get(r.references)! > at.get(r.table)!,
    )
    .map((r) => `table ${r.table} comes before ${r.references}, which it references`)
}

/** How the export's tables differ from the database's, in words; none means they are the same. */
export function schemaDifferences(exported: TableSpec[], here: TableSpec[]): string[] {
  const problems: string[] = []
  const ours = new Map(here.map((t) => [t.name, t]))
  const theirs = new Set(exported.map((t) => t.name))
  for (const table of exported) {
    const mine = ours.get(table.name)
    if (!mine) {
      problems.push(`table ${table.name} is in the export but not in this database`)
      continue
    }
    const describe = (t: TableSpec) => t.columns.map((c) => `${c.name} ${c.type}`).join(', ')
    if (describe(table) !== describe(mine))
      problems.push(`table ${table.name} has columns (${describe(table)}) in the export but (${describe(mine)}) here`)
    if (table.primaryKey.join(',') !== mine.primaryKey.join(','))
      problems.push(
        `table ${table.name} has primary key (${table.primaryKey.join(', ')}) in the export but (${mine.primaryKey.join(', ')}) here`,
      )
  }
  for (const table of here)
    if (!theirs.has(table.name)) problems.push(`table ${table.name} is in this database but not in the export`)
  return problems
}

export type ExportEvent =
  | { kind: 'header'; header: ExportHeader }
  | { kind: 'row'; table: string; row: Record<string, unknown> }
  | { kind: 'end'; trailer: ExportTrailer }

/**
 * Reads an export one line at a time, checking each line against the chain before anything else,
 * so the first line that was changed, added, removed or cut short is the one named.
 */
export class ExportReader {
  private previous = ''
  private header: ExportHeader | null = null
  private current = -1
  private counts = new Map<string, number>()
  private ended = false
  private last = 0

  /** One line, without its newline; `terminated` is false for a last line that had none. */
  accept(number: number, text: string, terminated = true): ExportEvent {
    this.last = number
    if (this.ended)
      throw new ExportRefused(`line ${number}: there is more after the export's closing line (line ${number - 1})`)
    const value = this.checked(number, text, terminated)
    if (number === 1) return { kind: 'header', header: this.readHeader(value) }
    if (value.end === true) return { kind: 'end', trailer: this.readTrailer(number, value) }
    if (typeof value.table === 'string' && isObject(value.row)) return this.readRow(number, value.table, value.row)
    throw new ExportRefused(`line ${number}: is neither a row nor the closing line`)
  }

  /** After the last line: an export that never reached its closing line is truncated. */
  finish(): void {
    if (!this.header) throw new ExportRefused('line 1: the file is empty: it is not a Best Chance export')
    if (!this.ended) throw new ExportRefused(truncatedMessage(this.last + 1))
  }

  private checked(number: number, text: string, terminated: boolean): Record<string, unknown> {
    const match = CHECK_SUFFIX.exec(text)
    const refuse = (why: string) => {
      throw new ExportRefused(!terminated ? truncatedMessage(number) : `line ${number}: ${why}`)
    }
    if (!match)
      return refuse(
        number === 1
          ? 'this is not a Best Chance export (its first line is not an export header)'
          : 'does not check: it has no check value, so it was changed after the export was written',
      )
    const payload = `${text.slice(0, -match[0].length)}}`
    if (chainCheck(this.previous, payload) !== match[1]) {
      return refuse(
        'does not check: it was changed after the export was written, or a line before it was added or removed',
      )
    }
    let value: unknown
    try {
      value = JSON.parse(payload)
    } catch {
      return refuse('is not JSON')
    }
    if (!isObject(value)) return refuse('is not a JSON object')
    this.previous = match[1]!
    return value
  }

  private readHeader(value: Record<string, unknown>): ExportHeader {
    if (value.format !== FORMAT)
      throw new ExportRefused(
        'line 1: this is not a Best Chance export (its header names no best-chance-export format)',
      )
    if (value.version !== FORMAT_VERSION) {
      throw new ExportRefused(
        `line 1: this export is in version ${String(value.version)} of the format; this Best Chance reads version ${FORMAT_VERSION}: restore it with the Best Chance that wrote it, or a newer one`,
      )
    }
    const tables = value.tables
    const wellFormed =
      typeof value.schema === 'string' &&
      Array.isArray(value.redacted) &&
      Array.isArray(tables) &&
      tables.every(
        (t) =>
          isObject(t) &&
          typeof t.name === 'string' &&
          Array.isArray(t.primaryKey) &&
          Array.isArray(t.columns) &&
          t.columns.every((c) => isObject(c) && typeof c.name === 'string' && typeof c.type === 'string'),
      )
    if (!wellFormed) throw new ExportRefused('line 1: the header lacks its schema, redacted columns or tables')
    this.header = value as unknown as ExportHeader
    for (const t of this.header.tables) this.counts.set(t.name, 0)
    return this.header
  }

  private readRow(number: number, table: string, row: Record<string, unknown>): ExportEvent {
    const tables = this.header!.tables
    const index = tables.findIndex((t) => t.name === table)
    if (index < 0) throw new ExportRefused(`line ${number}: table ${table} is not in the export's header`)
    if (index < this.current)
      throw new ExportRefused(
        `line ${number}: a row of ${table} after rows of ${tables[this.current]!.name}: the export's table order is broken`,
      )
    this.current = index
    const columns = tables[index]!.columns.map((c) => c.name)
    const keys = Object.keys(row)
    if (keys.length !== columns.length || columns.some((c, i) => keys[i] !== c)) {
      throw new ExportRefused(
        `line ${number}: the row's columns (${keys.join(', ')}) are not ${table}'s (${columns.join(', ')})`,
      )
    }
    this.counts.set(table, this.counts.get(table)! + 1)
    return { kind: 'row', table, row }
  }

  private readTrailer(number: number, value: Record<string, unknown>): ExportTrailer {
    const rows = isObject(value.rows) ? value.rows : {}
    for (const [table, count] of this.counts) {
      if (rows[table] !== count)
        throw new ExportRefused(
          `line ${number}: the closing line counts ${String(rows[table])} rows of ${table}, but the export holds ${count}`,
        )
    }
    if (value.lines !== number)
      throw new ExportRefused(
        `line ${number}: the closing line says the export has ${String(value.lines)} lines, but it is line ${number}`,
      )
    this.ended = true
    return value as unknown as ExportTrailer
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
