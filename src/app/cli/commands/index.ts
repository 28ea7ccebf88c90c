/**
 * The commands that use the database, by name, and how one runs: the same in its own process and
 * inside a running server that owns the embedded database (src/app/control/).
 */
import type { CommandContext } from '../command-context.js'
import { USERS_USAGE } from '../../../modules/accounts/users.cli.js'
import { IMPORT_RISKS_USAGE } from '../../../modules/risks/risks.import.js'
import { IMPORT_ACTIONS_USAGE } from '../../../modules/delivery/delivery.cli.js'
import { EXPORT_ALL_USAGE, exportAllCommand, RESTORE_USAGE, restoreCommand } from './backup.js'
import { comparatorsSetCommand } from './comparators.js'
import { FETCH_USAGE, fetchFingertipsCommand } from './fetch.js'
import { UsageError } from './flags.js'
import { importActionsCommand } from './import-actions.js'
import { importCommand, IMPORT_USAGE } from './import-data.js'
import { importRisksCommand } from './import-risks.js'
import { migrateCommand } from './migrate.js'
import {
  REPORT_BOARD_PACK_USAGE,
  REPORT_REMINDERS_USAGE,
  reportBoardPackCommand,
  reportRemindersCommand,
} from './report.js'
import { REPORT_ANNUAL_USAGE, REPORT_HWB_USAGE, reportAnnualCommand, reportHwbCommand } from './report-progress.js'
import { strategyLoadCommand } from './strategy-load.js'
import { RELEASE_USAGE, releaseListCommand, releasePublishDueCommand } from './release.js'
import { usersCommand } from './users.js'

type DatabaseCommand = (ctx: CommandContext, args: string[]) => Promise<number>

const databaseCommands: Record<string, DatabaseCommand> = {
  migrate: migrateCommand,
  'strategy load': strategyLoadCommand,
  'comparators set': comparatorsSetCommand,
  import: importCommand,
  'import-risks': importRisksCommand,
  'import-actions': importActionsCommand,
  users: usersCommand,
  'export-all': exportAllCommand,
  restore: restoreCommand,
  'fetch fingertips': (ctx, args) => fetchFingertipsCommand(ctx, args),
  'report board-pack': reportBoardPackCommand,
  'report reminders': reportRemindersCommand,
  'release list': releaseListCommand,
  'release publish-due': releasePublishDueCommand,
  'report hwb': reportHwbCommand,
  'report annual': reportAnnualCommand,
}

export const usage = `usage: best-chance <command>

  serve                        serve the product (PORT, DATABASE_URL, DATA_DIR)
  migrate                      bring the database schema up to date
  strategy validate <file>     check a strategy file; nothing is stored
  strategy load <file>...      validate and store strategy files, all or nothing
  stats ci|compare|trend <file|->   OHID statistics for a CSV (- reads standard input)
  comparators set <group-id> <name> <area-code>...
                               define a comparator group (e.g. statistical neighbours); audited
${USERS_USAGE}
${IMPORT_USAGE}
${FETCH_USAGE}
${IMPORT_RISKS_USAGE}
${IMPORT_ACTIONS_USAGE}
${EXPORT_ALL_USAGE}
${RESTORE_USAGE}
${REPORT_BOARD_PACK_USAGE}
${REPORT_REMINDERS_USAGE}
${RELEASE_USAGE}
${REPORT_HWB_USAGE}
${REPORT_ANNUAL_USAGE}

While \`best-chance serve\` runs on the embedded database, the commands that use the database
pass their work to it, so it sees every change at once.
`

/** Every command's name, for help and its test. */
export const commandNames = ['serve', 'strategy validate', 'stats', ...Object.keys(databaseCommands)]

/** The database command that argv names, with its own arguments; null when argv names none. */
export function findDatabaseCommand(argv: string[]): { run: DatabaseCommand; args: string[] } | null {
  const [first, second, ...rest] = argv
  const twoWord = databaseCommands[`${first} ${second}`]
  if (twoWord) return { run: twoWord, args: rest }
  const oneWord = first ? databaseCommands[first] : undefined
  if (oneWord) return { run: oneWord, args: second === undefined ? rest : [second, ...rest] }
  return null
}

/** Runs a database command; a usage error is said with the usage, exit code 2. */
export async function runDatabaseCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const command = findDatabaseCommand(argv)
  if (!command) {
    ctx.io.err(`unknown command: ${argv.join(' ')}\n\n${usage}`)
    return 2
  }
  try {
    return await command.run(ctx, command.args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    ctx.io.err(`${error.message}\n\n${usage}`)
    return 2
  }
}
