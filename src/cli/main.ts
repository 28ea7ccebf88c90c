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
import { readFile } from 'node:fs/promises'

const usage = `usage: best-chance <command>

  serve                        serve the product (PORT, DATABASE_URL, DATA_DIR)
  migrate                      bring the database schema up to date
  strategy validate <file>     check a strategy file; nothing is stored
  strategy load <file>...      validate and store strategy files, all or nothing
  stats ci|compare|trend <file|->   OHID statistics for a CSV (- reads standard input)
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
