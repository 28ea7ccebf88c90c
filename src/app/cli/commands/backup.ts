/**
 * `best-chance export-all <dir|file> [--include-password-hashes]` and `best-chance restore <dir|file>`:
 * the command-line glue. Each works out the file (a folder gets a timestamped export; restore takes
 * the newest export in it), asks for the database migrated and nothing more (restore wants it empty),
 * and reports in a line or two. Exit codes: 0 done, 1 refused (nothing changed), 2 usage. While a
 * server holds the embedded database, both run inside it: export-all reads a consistent snapshot,
 * and restore is refused because that database is not empty.
 */
import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { exportFileName, ExportRefused } from '../../../modules/backup/backup.format.js'
import { readExportFile, writeExportFile } from '../../../modules/backup/backup.files.js'
import { exportAll, restoreExport } from '../../../modules/backup/backup.service.js'
import { UsageError } from './flags.js'

export const EXPORT_ALL_USAGE = `  export-all <dir|file> [--include-password-hashes]
                               write everything in the database to one file (docs/backup.md);
                               password hashes are left out unless asked for`
export const RESTORE_USAGE = `  restore <dir|file>           load an export (the newest in a folder) into an empty database,
                               all or nothing, audited`

const INCLUDE_HASHES = '--include-password-hashes'

/** A folder (or a name ending in a slash) gets a timestamped file inside it; anything else is the file's own name. */
async function exportPath(target: string, now: Date): Promise<string> {
  const found = await stat(target).catch(() => null)
  const folder = found ? found.isDirectory() : /[\\/]$/.test(target)
  return path.resolve(folder ? path.join(target, exportFileName(now)) : target)
}

export async function exportAllCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { io } = ctx
  const includePasswordHashes = args.includes(INCLUDE_HASHES)
  const targets = args.filter((a) => a !== INCLUDE_HASHES)
  if (targets.length !== 1 || targets[0]!.startsWith('--'))
    throw new UsageError('export-all needs one folder or file name')
  const now = new Date()
  const file = await exportPath(path.resolve(ctx.cwd, targets[0]!), now)
  if (existsSync(file)) {
    io.err(`${file} already exists: export-all never overwrites a file`)
    return 1
  }
  if (!(await stat(path.dirname(file)).catch(() => null))?.isDirectory()) {
    io.err(`cannot write ${file}: there is no folder ${path.dirname(file)}`)
    return 1
  }
  const database = await ctx.database('schema')
  const writer = writeExportFile(file)
  try {
    const summary = await exportAll(database.db, writer.write, { engine: database.engine, includePasswordHashes, now })
    await writer.close()
    io.out(
      `exported ${summary.total} rows of ${summary.header.tables.length} tables (schema ${summary.header.schema}, ${database.engine}) to ${file}`,
    )
    io.out(
      includePasswordHashes
        ? `password hashes: INCLUDED (${INCLUDE_HASHES}): keep this file as secret as the database itself`
        : `password hashes: left out (accounts restored from this file need a new password, or sign in through the identity provider); ${INCLUDE_HASHES} keeps them`,
    )
    return 0
  } catch (error) {
    await writer.abandon()
    throw error
  }
}

/** A folder's newest export, by the timestamp in its name. */
async function exportIn(folder: string): Promise<string | null> {
  const names = (await readdir(folder)).filter((n) => /^best-chance-export-.*\.jsonl(\.gz)?$/.test(n)).sort()
  return names.length ? path.resolve(folder, names.at(-1)!) : null
}

export async function restoreCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { io } = ctx
  if (args.length !== 1 || args[0]!.startsWith('--'))
    throw new UsageError('restore needs one export file, or a folder of them')
  const given = path.resolve(ctx.cwd, args[0]!)
  const found = await stat(given).catch(() => null)
  const file = found?.isDirectory() ? await exportIn(given) : found?.isFile() ? given : null
  if (!file) {
    io.err(
      found ? `there is no best-chance-export-*.jsonl.gz file in ${args[0]}` : `cannot read ${args[0]}: file not found`,
    )
    return 1
  }
  const database = await ctx.database('schema')
  try {
    const summary = await restoreExport(database.db, readExportFile(file), { source: file, actor: ctx.actor })
    const { header } = summary
    io.out(
      `restored ${summary.total} rows of ${header.tables.length} tables from ${file} (exported ${header.createdAt} from ${header.engine}, schema ${header.schema}) into ${database.engine}; ${summary.sequences} sequences set`,
    )
    if (summary.accountsWithoutPassword) {
      io.out(
        `${summary.accountsWithoutPassword} account(s) have no password (the export left the hashes out): give each a new one with \`best-chance users reset <email>\`, or they sign in through the identity provider`,
      )
    }
    return 0
  } catch (error) {
    if (!(error instanceof ExportRefused)) throw error
    io.err(`${file}: ${error.message}`)
    io.err('nothing was restored: the database is unchanged')
    return 1
  }
}
