/** best-chance on the command line, run as a person runs it, against both engines. */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { fixtures } from '../helpers/test-app.js'

const run = promisify(execFile)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'src/app/cli/main.ts'), ...args],
      {
        cwd: projectRoot,
        env: { ...process.env, SOURCES_DIR: fixtures.sourcesDir, LOG_LEVEL: 'silent', ...env },
      },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const mini = path.join(fixtures.strategiesDir, 'mini.yaml')
const second = path.join(fixtures.strategiesDir, 'second.yaml')

describe('best-chance strategy validate', () => {
  it('passes a good file', async () => {
    const result = await cli(['strategy', 'validate', mini])
    expect(result).toMatchObject({ code: 0 })
    expect(result.stdout).toMatch(/mini\.yaml: valid \(13 items, \d+ links\)/)
  })

  it('refuses a bad file with one line per problem naming file, line and path', async () => {
    const bad = path.join(scratch, 'bad.yaml')
    writeFileSync(
      bad,
      readFileSync(mini, 'utf8')
        .replace('priorities: [child-poverty]\n        source', 'priorities: [nowhere]\n        source')
        .replace('  - id: outcome-b\n', '  - id: outcome-a\n'),
    )
    const result = await cli(['strategy', 'validate', bad])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /bad\.yaml:\d+: outcomes\[0\]\.intentions\[0\]\.priorities\[0\]: unknown link "nowhere"/,
    )
    expect(result.stderr).toMatch(/bad\.yaml:\d+: outcomes\[\d\]\.id: duplicate id "outcome-a"/)
    expect(result.stderr).toMatch(/2 problem\(s\): nothing was stored/)
  })

  it('explains how to use it when the file is missing', async () => {
    const result = await cli(['strategy', 'validate'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('usage: best-chance')
  })
})

describe('best-chance --help and --version', () => {
  it('explain each command and exit 0, touching no database', async () => {
    const help = await cli(['import', '--help'])
    expect(help).toMatchObject({ code: 0, stderr: '' })
    expect(help.stdout).toMatch(/^usage: best-chance\n {2}import <file> /)
    expect(await cli(['users', 'add', '--help'])).toMatchObject({ code: 0 })
    expect(await cli(['restore', '-h'])).toMatchObject({ code: 0 })
    expect((await cli(['--version'])).stdout).toMatch(/^best-chance \d+\.\d+\.\d+\n$/)
    expect(await cli(['import', '--no-such-option', 'x.csv'])).toMatchObject({ code: 2 })
  })
})

describe('best-chance stats', () => {
  it('adds intervals to a CSV, agreeing with a figure Fingertips published', async () => {
    // Campylobacter, Barking and Dagenham 2015: 67 cases in 201,979 people, published as 33.17 (25.71 to 42.13).
    const file = path.join(scratch, 'rates.csv')
    writeFileSync(file, 'method,count,denominator,multiplier,confidence\nbyar,67,201979,100000,0.95\n')
    const result = await cli(['stats', 'ci', file])
    expect(result.code).toBe(0)
    const [header, row] = result.stdout.trim().split(/\r?\n/)
    expect(header).toBe('method,count,denominator,multiplier,confidence,value,lower,upper')
    const [value, lower, upper] = row!.split(',').slice(-3).map(Number)
    expect([value!.toFixed(2), lower!.toFixed(2), upper!.toFixed(2)]).toEqual(['33.17', '25.71', '42.13'])
  })

  it('refuses a CSV with bad rows, naming each line, and writes nothing', async () => {
    const file = path.join(scratch, 'bad-rates.csv')
    writeFileSync(file, 'method,count,denominator\nwilson,-3,100\nwilson,5,x\n')
    const result = await cli(['stats', 'ci', file])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/line 2: .*-3/)
    expect(result.stderr).toMatch(/line 3: .*"x" is not a number/)
  })
})

describe.each(engines)('best-chance strategy load on %s', (engine) => {
  it('stores the files, then finds nothing to change the second time', async () => {
    const database = engine === 'postgres' ? await createTestDatabase('postgres') : null
    const env: Record<string, string> = database?.url
      ? { DATABASE_URL: database.url }
      : { DATA_DIR: path.join(scratch, 'pglite') }
    try {
      const first = await cli(['strategy', 'load', mini, second], env)
      expect(first.stderr).toBe('')
      expect(first.stdout).toMatch(/mini\.yaml: loaded: 13 added/)
      expect(first.stdout).toMatch(/second\.yaml: loaded: 3 added/)
      const again = await cli(['strategy', 'load', mini, second], env)
      expect(again.stdout).toMatch(/mini\.yaml: unchanged/)
    } finally {
      await database?.close()
    }
  })
})

describe.each(engines)('best-chance import on %s', (engine) => {
  it('stores every row of a template CSV and reports it (synthetic figures)', async () => {
    const database = engine === 'postgres' ? await createTestDatabase('postgres') : null
    const env: Record<string, string> = database?.url
      ? { DATABASE_URL: database.url }
      : { DATA_DIR: path.join(scratch, 'pglite-import') }
    const file = path.join(scratch, `figures-${engine}.csv`)
    writeFileSync(
      file,
      'indicator_id,area_code,period,value,source\n' +
        'year-6-obesity,E09000005,2021/22,30.1,synthetic test figure\n' +
        'year-6-obesity,E09000006,2021/22,20.4,synthetic test figure\n',
    )
    try {
      const result = await cli(['import', file], env)
      expect(result.stderr).toBe('')
      expect(result.stdout).toMatch(/rows read 2, added 2, revised 0, unchanged 0, rejected 0/)
      const again = await cli(['import', file, '--dry-run'], env)
      expect(again.stdout).toMatch(/rows read 2, added 0, revised 0, unchanged 2, rejected 0/)
    } finally {
      await database?.close()
    }
  })
})
