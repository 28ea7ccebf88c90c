/**
 * `COPY … FROM` through Kysely, inside whatever transaction the caller holds. Kysely hides the
 * engines' connections, so the rows travel as the one parameter of an ordinary query (a `CopyIn`),
 * and each engine's client recognises it at the bottom of the stack: the pg client
 * (copying-pg-client.ts) streams it with `COPY … FROM STDIN` (pg-copy-streams), PGlite
 * (copying-pglite.ts) reads it as its file `/dev/blob` for `COPY … FROM '/dev/blob'`. Because it is an ordinary query on the transaction's
 * own connection, a COPY commits or rolls back with everything else the transaction did.
 */
import { CompiledQuery, type Kysely } from 'kysely'

/** One bounded chunk of rows, already encoded in the CSV format PostgreSQL's COPY reads. */
export class CopyIn {
  /** `target` is a table and its column list: `import_staging (line, …)`. */
  constructor(
    readonly target: string,
    readonly csv: Buffer,
  ) {}

  statement(source: 'stdin' | "'/dev/blob'"): string {
    return `copy ${this.target} from ${source} with (format csv)`
  }
}

/** Copies the chunk into its table on the connection `db` holds (a transaction's, when it is one). */
export async function copyIn<DB>(db: Kysely<DB>, chunk: CopyIn): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(chunk.statement('stdin'), [chunk]))
}

/** The CopyIn a query's parameters carry, if they are one. */
export const copyOf = (values: unknown): CopyIn | null =>
  Array.isArray(values) && values.length === 1 && values[0] instanceof CopyIn ? values[0] : null

/*
 * COPY's CSV format, field by field (docs/decisions/0012-copy-csv-encoder.md). Every text value is
 * quoted, its quotes doubled, so commas, quotes, line breaks, backslashes and a lone `\.` are all
 * plain data; NULL is the one unquoted empty field; a number is written as JavaScript writes it,
 * the shortest text that reads back as the same double (as pg sends a number parameter).
 */

/** A text value: always quoted, so an empty string stays an empty string and never NULL. */
export const copyText = (value: string): string =>
  value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`

export const copyNullableText = (value: string | null): string => (value === null ? '' : copyText(value))

/** A number (integer or double precision); null is NULL. */
export const copyNumber = (value: number | null): string => (value === null ? '' : String(value))
