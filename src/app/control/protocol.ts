/**
 * The command channel between `best-chance <command>` and the running server that owns an
 * embedded database: one HTTP request on the loopback interface per command, authorised by a
 * random token that only the data directory's owner can read (the lock file is mode 0600). The
 * answer streams back as JSON lines: output as it comes, then the exit code.
 */
export interface ControlRequest {
  argv: string[]
  /** Where the command was typed: relative file names are read from there. */
  cwd: string
  actor: string
  /** Standard input, read by the command line when the command takes it (a password). */
  stdin: string | null
}

export type ControlMessage = { out: string } | { err: string } | { progress: number | null } | { exit: number }

export const CONTROL_PATH = '/commands'
/** A request carries arguments and at most a password, never a file: files are read where they lie. */
export const MAX_REQUEST_BYTES = 1_000_000
