#!/usr/bin/env node
/**
 * best-chance: the command line. `serve` runs the product; `stats` and `strategy validate` need no
 * database; every other command is a database command (commands/), run here or, when a server
 * holds the embedded database, passed to that server so only one process ever opens it.
 */
import { readFile } from 'node:fs/promises'
import { loadConfig, type Config } from '../../config.js'
import { validateStrategyFile } from '../../modules/strategy/strategy.files.js'
import { kindsFromSiblingFiles } from '../../modules/strategy/strategy.siblings.js'
import { formatProblem } from '../../modules/strategy/strategy.validate.js'
import { startServer } from '../server.js'
import { runStatsCommand } from '../../modules/stats/stats-csv.js'
import { DataDirLockedError, liveLockHolder, type LockHolder } from '../../db/data-dir-lock.js'
import { forwardCommand } from '../control/control-client.js'
import type { CommandIo } from './command-context.js'
import { findDatabaseCommand, usage } from './commands/index.js'
import { refuse } from './commands/refuse.js'
import { commandHelp, version } from './commands/help.js'
import { runLocally } from './local-runner.js'

const console_: CommandIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  progress: terminalProgress(),
  readStdin,
}

async function serve(): Promise<number> {
  const running = await startServer(loadConfig(process.env))
  const stop = async (signal: string) => {
    running.app.log.info(`${signal}: stopping`)
    await running.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  return new Promise<number>(() => {}) // runs until a signal
}

async function strategyValidate([file]: string[]): Promise<number> {
  if (!file) return fail('strategy validate needs a file')
  const result = validateStrategyFile(file, {
    sourcesDir: loadConfig(process.env).sourcesDir,
    kindOfExternal: kindsFromSiblingFiles(file),
  })
  if (!result.ok) return refuse(console_, result.problems.map(formatProblem))
  console.log(`${file}: valid (${result.graph.nodes.length} items, ${result.graph.links.length} links)`)
  return 0
}

/** Pure statistics over a CSV: the module does the work; this reads the file and writes the result. */
async function stats([command, file]: string[]): Promise<number> {
  const print = (result: { exitCode: number; stdout: string; stderr: string }) => {
    process.stdout.write(result.stdout)
    process.stderr.write(result.stderr)
    return result.exitCode
  }
  if (!command || command === '--help') return print(runStatsCommand(command ? [command] : [], ''))
  if (!file) return fail(`stats ${command} needs a CSV file, or - for standard input`)
  let input: string
  try {
    input = file === '-' ? await readStdin() : await readFile(file, 'utf8')
  } catch (error) {
    return fail(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error)}`,
    )
  }
  return print(runStatsCommand([command], input))
}

/**
 * A database command: on a PostgreSQL server any number of processes may run it; on the embedded
 * database it goes to the server that holds the directory, or runs here under the directory's lock.
 */
async function databaseCommand(argv: string[]): Promise<number> {
  const config = loadConfig(process.env)
  const actor = `cli:${process.env.USER ?? 'unknown'}`
  if (config.databaseUrl) return runLocally(config, argv, console_, actor)
  const server = await servingHolder(config)
  if (server) return forward(server, argv, actor)
  try {
    return await runLocally(config, argv, console_, actor)
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error
    // A server may have started between the look and the open.
    const started = await servingHolder(config)
    if (started) return forward(started, argv, actor)
    console.error(error.message)
    return 1
  }
}

/** The server holding the embedded database, waiting a little for one that is still starting to open its command channel. */
async function servingHolder(config: Readonly<Config>): Promise<LockHolder | null> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const holder = liveLockHolder(config.dataDir)
    if (!holder || holder.command !== 'serve') return null
    if (holder.control) return holder
    if (Date.now() > deadline) return null
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function forward(server: LockHolder, argv: string[], actor: string): Promise<number> {
  const stdin = argv.includes('--password-stdin') ? await readStdin() : null
  try {
    return await forwardCommand(server.control!, { argv, cwd: process.cwd(), actor, stdin }, console_)
  } catch (error) {
    console.error((error as Error).message)
    return 1
  }
}

/** A progress bar on a terminal; silent when standard error is not one. */
function terminalProgress(): (percent: number | null) => void {
  return (percent) => {
    if (!process.stderr.isTTY) return
    if (percent === null) return void process.stderr.write('\r' + ' '.repeat(30) + '\r')
    const filled = Math.round(percent / 5)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${percent}%`)
  }
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

/** `--help` anywhere: the named command's usage (or all of it), exit 0; `--version`: the release. */
function helpOrVersion(argv: string[]): number | null {
  if (argv[0] === '--version' || argv[0] === '-V') return (void console.log(version()), 0)
  if (!argv.includes('--help') && !argv.includes('-h')) return null
  const words = argv.filter((a) => !a.startsWith('-'))
  console.log(commandHelp(usage, words.slice(0, 2).join(' ')) ?? commandHelp(usage, words[0] ?? '') ?? usage)
  return 0
}

async function main(argv: string[]): Promise<number> {
  const asked = helpOrVersion(argv)
  if (asked !== null) return asked
  const [first, second, ...rest] = argv
  if (first === 'serve') return serve()
  if (first === 'strategy' && second === 'validate') return strategyValidate(rest)
  if (first === 'stats') return stats(argv.slice(1))
  if (findDatabaseCommand(argv)) return databaseCommand(argv)
  if (first === undefined || first === 'help') {
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
