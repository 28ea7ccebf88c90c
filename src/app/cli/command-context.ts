/**
 * What a database command is given to run with. The same command runs in its own process (which
 * opens the database) or inside the running server that owns an embedded database (which lends
 * its own), so a command never opens a database or writes to the console itself.
 */
import type { Kysely } from 'kysely'
import type { Config } from '../../config.js'
import type { Database } from '../../db/database.js'
import type { Engine } from '../../db/client.js'

export interface CommandIo {
  out: (text: string) => void
  err: (text: string) => void
  /** Progress of a long command, 0-100; null clears it. Shown only on a terminal. */
  progress: (percent: number | null) => void
  /** Standard input of the person's terminal, read whole (e.g. a password). */
  readStdin: () => Promise<string>
}

/**
 * How much of the start-up a command needs before it runs: the schema, then the shipped reference
 * data and datasets, then the strategy files too. Each step skips what has not changed.
 */
export type Readiness = 'schema' | 'reference' | 'strategies'

export interface CommandContext {
  io: CommandIo
  config: Readonly<Config>
  /** The folder the command was typed in: relative file names are read from there. */
  cwd: string
  /** Who ran it, for the audit trail: `cli:<user>`. */
  actor: string
  database: (readiness: Readiness) => Promise<{ db: Kysely<Database>; engine: Engine }>
}
