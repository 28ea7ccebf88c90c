/**
 * The command line, as a person runs it, on files the probe broke it with: each importer refuses a
 * workbook cut short at 10 points, each within 10 s, with exit code 1 and a message naming the file
 * (a truncated workbook hung `import` inside its transaction and made the other two exit 13 saying
 * nothing); a CSV that is not UTF-8 from its first line is refused the same way; and a UTF-16 CSV
 * (which exited 1 saying nothing) is read. Each command gets its own DATA_DIR: commands lock theirs.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { rowsFor, toCsv, toXlsx, type Importer } from '../helpers/fuzz-files.js'
import { Random } from '../helpers/random.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { fixtures } from '../helpers/test-app.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-cli-fuzz-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const COMMANDS: Record<Importer, string> = { data: 'import', actions: 'import-actions', risks: 'import-risks' }
const WITHIN_MS = 10_000

interface Result {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
  ms: number
}

let dirs = 0
/** Runs best-chance with its own DATA_DIR (unless env names one, or a database), killed if it takes longer than `timeout`. */
function cli(args: string[], timeout: number, env: Record<string, string> = {}): Promise<Result> {
  const started = Date.now()
  const dataDir = path.join(scratch, `data-${++dirs}`)
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'src/app/cli/main.ts'), ...args],
      {
        cwd: projectRoot,
        timeout,
        killSignal: 'SIGKILL',
        env: {
          ...process.env,
          DATABASE_URL: '',
          DATA_DIR: dataDir,
          SOURCES_DIR: fixtures.sourcesDir,
          LOG_LEVEL: 'silent',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number; signal?: string }) | null
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - started,
        })
      },
    )
  })
}

describe('the importers on the command line', () => {
  it.each<Importer>(['data', 'actions', 'risks'])(
    '%s refuses a workbook cut short at each of 10 points within 10 s, exit code 1, naming the file and why',
    async (importer) => {
      const r = new Random(7)
      const rows = rowsFor(importer, r, true)
      while (rows.length < 60) rows.push([...rows.at(-1)!])
      const bytes = await toXlsx(rows, r)
      for (let k = 1; k <= 10; k++) {
        const cut = k === 10 ? bytes.length - 5 : Math.floor((bytes.length * k) / 10)
        const file = path.join(scratch, `${importer}-cut-${k}.xlsx`)
        writeFileSync(file, bytes.subarray(0, cut))
        const result = await cli([COMMANDS[importer], file], WITHIN_MS)
        const told = `cut at ${cut} of ${bytes.length}: ${JSON.stringify(result)}`
        expect(result.signal, told).toBeNull() // not killed: it answered within 10 s
        expect(result.ms, told).toBeLessThan(WITHIN_MS)
        expect(result.code, told).toBe(1)
        expect(result.stdout, told).toBe('')
        expect(result.stderr, told).toContain(path.basename(file))
        expect(result.stderr, told).toContain('the workbook is incomplete: its end is missing')
      }
    },
    240_000,
  )

  it.each<Importer>(['data', 'actions', 'risks'])(
    '%s refuses a CSV that is not UTF-8, or holds a NUL, on its first line within 10 s, naming the file and line 1',
    async (importer) => {
      const header = rowsFor(importer, new Random(1), true)[0]!.join(',')
      for (const [name, bytes] of [
        ['latin1', Buffer.from(`${header}\xe9\n`, 'latin1')],
        ['nul', Buffer.from(`${header}\u0000\n`)],
        ['utf16-no-mark', Buffer.from(`${header}\n`, 'utf16le')],
      ] as const) {
        const file = path.join(scratch, `${importer}-${name}.csv`)
        writeFileSync(file, bytes)
        const result = await cli([COMMANDS[importer], file], WITHIN_MS)
        const told = JSON.stringify(result)
        expect(result.signal, told).toBeNull()
        expect(result.code, told).toBe(1)
        expect(result.stderr, told).toContain(path.basename(file))
        // Each importer's own form: "file:1:", or "line 1" in the indicator import's report.
        expect(result.stderr, told).toMatch(importer === 'data' ? /line 1: / : new RegExp(`${path.basename(file)}:1: `))
      }
    },
    120_000,
  )
})

// One engine is enough here (the importers read UTF-16 on both in import-fuzz.test.ts): PostgreSQL
// where there is one, since a fresh embedded database takes most of a minute to set up.
const engine = engines.includes('postgres') ? 'postgres' : 'pglite'

describe(`a UTF-16 CSV on the command line, on ${engine}`, () => {
  it('is read by each importer (it exited 1 saying nothing)', async () => {
    // One database for the three commands, run one after another, so it is set up once.
    const database = engine === 'postgres' ? await createTestDatabase('postgres') : null
    const env: Record<string, string> = database?.url
      ? { DATABASE_URL: database.url }
      : { DATA_DIR: path.join(scratch, 'utf16-data') }
    try {
      for (const importer of ['data', 'actions', 'risks'] as const) {
        const rows = rowsFor(importer, new Random(3), true)
        const file = path.join(scratch, `${engine}-${importer}-utf16.csv`)
        writeFileSync(file, Buffer.from(`\uFEFF${toCsv(rows, new Random(4))}`, 'utf16le'))
        const result = await cli([COMMANDS[importer], file, '--dry-run'], 120_000, env)
        expect(result, JSON.stringify(result)).toMatchObject({ code: 0, stderr: '' })
        expect(result.stdout).toMatch(/dry run/i)
      }
    } finally {
      await database?.close()
    }
  }, 240_000)
})
