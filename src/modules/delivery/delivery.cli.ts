/** `best-chance import-actions <file.csv|xlsx> [--sheet NAME] [--dry-run]`: its arguments and report, around delivery.import.ts. */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { readCsvRecords } from '../../lib/csv-stream.js'
import { readXlsxRecords } from '../../lib/xlsx-records.js'
import { readAhead } from '../../lib/read-ahead.js'
import {
  formatImportActionsReport,
  importActions,
  refusedActionsReport,
  type ImportActionsReport,
} from './delivery.import.js'

export const IMPORT_ACTIONS_USAGE = `  import-actions <file.csv|file.xlsx> [--sheet NAME] [--dry-run]
                               load actions, all or nothing, through the web form's checks; a row
                               with a reference updates that action (columns: docs/import-actions.md)`

export interface Output {
  out: (line: string) => void
  err: (line: string) => void
}

export interface ImportRequest {
  file: string
  sheet?: string
  dryRun: boolean
}

/** The command's arguments, checked before any database is opened; a number is the exit code of a usage error. */
export async function parseImportArgs(
  args: string[],
  io: Output,
  cwd = process.cwd(),
): Promise<ImportRequest | number> {
  const positional: string[] = []
  let dryRun = false
  let sheet: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--dry-run') dryRun = true
    else if (arg === '--sheet') sheet = args[++i]
    else if (arg.startsWith('--')) return usage(io, `unknown option ${arg}`)
    else positional.push(arg)
  }
  const given = positional[0]
  if (!given || positional.length > 1) return usage(io, 'import-actions needs exactly one file')
  const file = path.resolve(cwd, given)
  const xlsx = /\.xlsx$/i.test(file)
  if (!xlsx && !/\.csv$/i.test(file)) return usage(io, 'import-actions reads a .csv or .xlsx file')
  if (sheet !== undefined && !xlsx) return usage(io, '--sheet is for an XLSX file')
  try {
    if (!(await stat(file)).isFile()) return usage(io, `${given} is not a file`)
  } catch {
    return usage(io, `cannot read ${given}: file not found`)
  }
  return { file, sheet, dryRun }
}

/**
 * Reads and imports one file into the database; returns the exit code (0: done, 1: refused). The
 * database may be given as a function that opens it: it is then opened only once the file's first
 * row has been read, so a file that cannot be read is refused at once.
 */
export async function runImportActions(
  database: Kysely<Database> | (() => Promise<Kysely<Database>>),
  request: ImportRequest,
  options: { strategyId: string; io: Output },
): Promise<number> {
  const { file, sheet, dryRun } = request
  const fileName = path.basename(file)
  const opened = await readAhead(
    /\.xlsx$/i.test(file) ? readXlsxRecords(file, { sheet }) : readCsvRecords(createReadStream(file)),
  )
  let report: ImportActionsReport
  if (opened.problem) report = refusedActionsReport(fileName, opened.problem, dryRun)
  else {
    try {
      const db = typeof database === 'function' ? await database() : database
      report = await importActions(db, opened.records, { fileName, strategyId: options.strategyId, dryRun })
    } finally {
      await opened.close()
    }
  }
  const text = formatImportActionsReport(report)
  if (report.problems.length) {
    options.io.err(text)
    return 1
  }
  options.io.out(text)
  return 0
}

function usage(io: Output, message: string): number {
  io.err(`${message}\n\nusage: best-chance${IMPORT_ACTIONS_USAGE.replace(/^ +/, ' ')}`)
  return 2
}
