import { sql, type Kysely } from 'kysely'

/**
 * Runs a migration's SQL one statement at a time: PGlite's prepared statements take only one.
 * Statements end with a semicolon at the end of a line (migrations keep to that).
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
  for (const statement of statements) await sql.raw(statement).execute(db)
}
