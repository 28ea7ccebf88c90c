#!/usr/bin/env node
/** best-chance: the command line. Each command is a small function over the same services the web uses. */
import { loadConfig } from '../config.js'
import { loadStrategies } from '../modules/strategy/strategy.loader.js'
import { readStrategyFiles } from '../modules/strategy/strategy.folder.js'
import { sourceReader, validateStrategyFile } from '../modules/strategy/strategy.files.js'
import { kindsFromSiblingFiles } from '../modules/strategy/strategy.siblings.js'
import { formatProblem } from '../modules/strategy/strategy.validate.js'
import { prepareDatabase, startServer } from '../server.js'
import { runStatsCommand } from '../modules/stats/stats-csv.js'
import { readFile, stat } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../config.js'
import { Readable } from 'node:stream'
import { importData, importRecords } from '../modules/indicators/import/import.service.js'
import { readXlsxRecords } from '../modules/indicators/import/xlsx-records.js'
import type { ImportFormat } from '../modules/indicators/import/formats.js'
import { formatImportReport } from '../modules/indicators/import/import.report.js'
import { loadShippedData } from '../modules/indicators/startup-data.js'
import { runUsersCommand, USERS_USAGE } from '../modules/accounts/users.cli.js'
import { setComparatorGroup } from '../modules/indicators/comparator-groups.js'
import { IMPORT_RISKS_USAGE, runImportRisksCommand } from '../modules/risks/risks.import.js'
import { IMPORT_ACTIONS_USAGE, importActionsCommand } from '../modules/delivery/delivery.cli.js'
import { EXPORT_ALL_USAGE, RESTORE_USAGE, runExportAllCommand, runRestoreCommand } from '../modules/backup/backup.cli.js'

const usage = `usage: best-chance <command>

  serve                        serve the product (PORT, DATABASE_URL, DATA_DIR)
  migrate                      bring the database schema up to date
  strategy validate <file>     check a strategy file; nothing is stored
  strategy load <file>...      validate and store strategy files, all or nothing
  stats ci|compare|trend <file|->   OHID statistics for a CSV (- reads standard input)
  comparators set <group-id> <name> <area-code>...
                               define a comparator group (e.g. statistical neighbours); audited
${USERS_USAGE}
  import <file> [--format fingertips|template|xlsx] [--sheet NAME] [--dry-run] [--valid-rows-only] [--source TEXT]
                               load indicator data, all or nothing: a Fingertips CSV, or the data
                               template as CSV or as an Excel workbook (.xlsx: its first sheet,
                               or the one --sheet names)
${IMPORT_RISKS_USAGE}
${IMPORT_ACTIONS_USAGE}
${EXPORT_ALL_USAGE}
${RESTORE_USAGE}
`

type Command = (args: string[]) => Promise<number>

const config = () => loadConfig(process.env)

const commands: Record<string, Command> = {
  async serve() {
    const running = await startServer(config())
    const stop = async (signal: string) => {
      running.app.log.info(`${signal}: stopping`)
      await running.stop()
      process.exit(0)
    }
    process.once('SIGINT', () => void stop('SIGINT'))
    process.once('SIGTERM', () => void stop('SIGTERM'))
    return new Promise<number>(() => {}) // runs until a signal
  },

  async migrate() {
    const database = await prepareDatabase(config())
    console.log(`database schema is up to date (${database.engine})`)
    await database.close()
    return 0
  },

  async 'strategy validate'([file]) {
    if (!file) return fail('strategy validate needs a file')
    const result = validateStrategyFile(file, { sourcesDir: config().sourcesDir, kindOfExternal: kindsFromSiblingFiles(file) })
    if (!result.ok) return refuse(result.problems.map(formatProblem))
    console.log(`${file}: valid (${result.graph.nodes.length} items, ${result.graph.links.length} links)`)
    return 0
  },

  async 'strategy load'(files) {
    if (files.length === 0) return fail('strategy load needs at least one file')
    const cfg = config()
    const database = await prepareDatabase(cfg)
    try {
      const result = await loadStrategies(database.db, readStrategyFiles(files), {
        actor: `cli:${process.env.USER ?? 'unknown'}`,
        sourceText: sourceReader(cfg.sourcesDir),
      })
      if (!result.ok) return refuse(result.problems.map(formatProblem))
      for (const s of result.summaries) {
        console.log(`${s.file}: ${s.status}: ${s.added} added, ${s.updated} updated, ${s.archived} archived, ${s.unchanged} unchanged, ${s.links} links`)
      }
      return 0
    } finally {
      await database.close()
    }
  },

  async 'comparators set'([id, name, ...codes]) {
    if (!id || !name || codes.length === 0) return fail('comparators set needs a group id, a name and at least one area code')
    const database = await prepareDatabase(config())
    try {
      await loadShippedData(database.db, path.join(projectRoot, 'data'), () => {})
      const result = await setComparatorGroup(database.db, { id, name, areaCodes: codes }, `cli:${process.env.USER ?? 'unknown'}`)
      if (!result.ok) return refuse(result.problems)
      console.log(`comparator group ${id} ("${name}"): ${result.members} areas`)
      return 0
    } finally {
      await database.close()
    }
  },

  async import(args) {
    const { positional, flags } = parseFlags(args, ['format', 'source', 'sheet'], ['dry-run', 'valid-rows-only'])
    const file = positional[0]
    if (!file || positional.length > 1) return fail('import needs exactly one file')
    if (flags.format && flags.format !== 'fingertips' && flags.format !== 'template' && flags.format !== 'xlsx') {
      return fail(`--format must be fingertips, template or xlsx, not "${flags.format}"`)
    }
    // A workbook holds the template's columns: --format template on a .xlsx file reads it as one too.
    const xlsx = flags.format === 'xlsx' || (/\.xlsx$/i.test(file) && flags.format !== 'fingertips')
    if (!xlsx && /\.xlsx$/i.test(file)) return fail('an XLSX file is read as the data template: a Fingertips export is imported as the CSV it downloads as')
    if (!xlsx && flags.sheet !== undefined) return fail('--sheet is for an XLSX file')
    let size: number
    try {
      size = (await stat(file)).size
    } catch {
      return fail(`cannot read ${file}: file not found`)
    }
    const database = await prepareDatabase(config())
    try {
      await loadShippedData(database.db, path.join(projectRoot, 'data'), () => {})
      const progress = progressBar(size)
      // Counted as the import reads it: a 'data' listener would start the file flowing before the
      // import reads, and what flowed by then would be lost.
      const bytes = counted(createReadStream(file), progress)
      const options = {
        sourceName: path.basename(file),
        format: (xlsx ? 'xlsx' : flags.format) as ImportFormat | undefined,
        actor: `cli:${process.env.USER ?? 'unknown'}`,
        dryRun: flags['dry-run'] === true,
        validRowsOnly: flags['valid-rows-only'] === true,
        defaults: { source: typeof flags.source === 'string' ? flags.source : `${path.basename(file)} (imported by best-chance)` },
      }
      const report = xlsx
        ? await importRecords(database.db, readXlsxRecords(Readable.from(bytes), { sheet: flags.sheet as string | undefined }), options)
        : await importData(database.db, bytes, options)
      progress.done()
      const text = formatImportReport(report, flags['dry-run'] === true)
      if (report.stored || (flags['dry-run'] && !report.errors.length)) {
        console.log(text)
        return 0
      }
      console.error(text)
      return 1
    } finally {
      await database.close()
    }
  },

  /** The risk and issue log from CSV or XLSX, all or nothing: src/modules/risks/risks.import.ts. */
  async 'import-risks'(args) {
    const code = await runImportRisksCommand(config(), args, { out: (line) => console.log(line), err: (line) => console.error(line) })
    return code === 2 ? fail('import-risks needs exactly one file (.csv or .xlsx)') : code
  },

  /** Actions from CSV or XLSX, all or nothing: src/modules/delivery/delivery.import.ts. */
  'import-actions': (args) => importActionsCommand(args),

  /** Backup and restore (docs/backup.md): src/modules/backup/backup.cli.ts. */
  'export-all': (args) => runExportAllCommand(args, { out: (line) => console.log(line), err: (line) => console.error(line) }),
  restore: (args) => runRestoreCommand(args, { out: (line) => console.log(line), err: (line) => console.error(line) }),

  /** Accounts, for administrators: add, reset, disable, list. */
  async users([sub, ...args]) {
    const { positional, flags } = parseFlags(args, ['email', 'name', 'role', 'organisation'], ['password-stdin', 'no-password'])
    const database = await prepareDatabase(config())
    try {
      await loadShippedData(database.db, path.join(projectRoot, 'data'), () => {})
      const code = await runUsersCommand(database.db, sub, positional, flags, {
        out: (line) => console.log(line),
        readPassword: readStdin,
        actor: `cli:${process.env.USER ?? 'unknown'}`,
      })
      return code === 2 ? fail(`users ${sub ?? ''}: missing or unknown arguments`) : code
    } finally {
      await database.close()
    }
  },

  /** Pure statistics over a CSV: the module does the work; this reads the file and writes the result. */
  async stats([command, file]) {
    if (!command || command === '--help') return printStats(runStatsCommand(command ? [command] : [], ''))
    if (!file) return fail(`stats ${command} needs a CSV file, or - for standard input`)
    let input: string
    try {
      input = file === '-' ? await readStdin() : await readFile(file, 'utf8')
    } catch (error) {
      return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error)}`)
    }
    return printStats(runStatsCommand([command], input))
  },
}

/** --name value and --switch flags; everything else is positional. */
function parseFlags(args: string[], valued: string[], switches: string[]) {
  const positional: string[] = []
  const flags: Record<string, string | boolean> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const name = arg.startsWith('--') ? arg.slice(2) : null
    if (name && valued.includes(name)) flags[name] = args[++i] ?? ''
    else if (name && switches.includes(name)) flags[name] = true
    else if (name) throw new Error(`unknown option --${name}\n\n${usage}`)
    else positional.push(arg)
  }
  return { positional, flags }
}

/** The file's chunks as they are read, each counted on the progress bar. */
async function* counted(stream: AsyncIterable<Buffer>, progress: { add(bytes: number): void }): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    progress.add(chunk.length)
    yield chunk
  }
}

/** A progress bar on a terminal (by bytes read); silent when output is not a terminal. */
function progressBar(total: number) {
  const tty = process.stderr.isTTY
  let read = 0
  let shown = -1
  return {
    add(bytes: number) {
      read += bytes
      const percent = total ? Math.floor((read / total) * 100) : 100
      if (!tty || percent === shown) return
      shown = percent
      const filled = Math.round(percent / 5)
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${percent}%`)
    },
    done() {
      if (tty) process.stderr.write('\r' + ' '.repeat(30) + '\r')
    },
  }
}

function printStats(result: { exitCode: number; stdout: string; stderr: string }): number {
  process.stdout.write(result.stdout)
  process.stderr.write(result.stderr)
  return result.exitCode
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function fail(message: string): number {
  console.error(`${message}\n\n${usage}`)
  return 2
}

function refuse(lines: string[]): number {
  for (const line of lines) console.error(line)
  console.error(`${lines.length} problem(s): nothing was stored`)
  return 1
}

async function main(argv: string[]): Promise<number> {
  const [first, second, ...rest] = argv
  const twoWord = commands[`${first} ${second}`]
  if (twoWord) return twoWord(rest)
  const oneWord = first ? commands[first] : undefined
  if (oneWord) return oneWord(second === undefined ? rest : [second, ...rest])
  if (first === undefined || first === 'help' || first === '--help') {
    console.log(usage)
    return first === undefined ? 2 : 0
  }
  return fail(`unknown command: ${argv.join(' ')}`)
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
