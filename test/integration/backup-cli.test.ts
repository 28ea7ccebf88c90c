/**
 * best-chance export-all and restore run as a person runs them: one PGlite data folder exported to
 * a folder, restored into another (and into a PostgreSQL server when there is one), refused the
 * second time, and exported again to the same rows.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { readExportFile } from '../../src/modules/backup/backup.files.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { fixtures } from '../helpers/test-app.js'

const run = promisify(execFile)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-backup-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'src/app/cli/main.ts'), ...args],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          SOURCES_DIR: fixtures.sourcesDir,
          LOG_LEVEL: 'silent',
          USER: 'backup-tester',
          DATABASE_URL: '',
          ...env,
        },
      },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** An export's row lines as text, without their checks. */
async function rowLines(file: string): Promise<string[]> {
  const rows: string[] = []
  for await (const line of readExportFile(file)) {
    const { check: _check, ...rest } = JSON.parse(line.text) as Record<string, unknown>
    if (typeof rest.table === 'string') rows.push(JSON.stringify(rest))
  }
  return rows
}

const exportedPath = (stdout: string) => /^exported (\d+) rows of \d+ tables \(schema \S+, \w+\) to (.+)$/m.exec(stdout)

describe('best-chance export-all and restore', () => {
  const source = { DATA_DIR: path.join(scratch, 'source') }
  const folder = path.join(scratch, 'exports')
  let exported = ''
  let rowCount = 0

  beforeAll(async () => {
    mkdirSync(folder)
    const strategies = ['mini.yaml', 'second.yaml'].map((f) => path.join(fixtures.strategiesDir, f))
    expect((await cli(['strategy', 'load', ...strategies], source)).code).toBe(0)
    const figures = path.join(scratch, 'figures.csv')
    writeFileSync(
      figures,
      'indicator_id,area_code,period,value,source\nyear-6-obesity,E09000005,2021/22,30.1,synthetic test figure\n',
    )
    expect((await cli(['import', figures], source)).code).toBe(0)
    expect(
      (
        await cli(
          [
            'users',
            'add',
            '--email',
            'analyst@example.org',
            '--name',
            'An Analyst',
            '--role',
            'analyst',
            '--no-password',
          ],
          source,
        )
      ).code,
    ).toBe(0)
  }, 180_000)

  it('explains itself when the file is missing', async () => {
    const result = await cli(['export-all'], source)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('export-all <dir|file> [--include-password-hashes]')
  }, 120_000)

  it('exports a data folder into a folder, naming the file it wrote', async () => {
    const result = await cli(['export-all', folder], source)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const match = exportedPath(result.stdout)!
    ;[rowCount, exported] = [Number(match[1]), match[2]!]
    expect(path.dirname(exported)).toBe(folder)
    expect(path.basename(exported)).toMatch(/^best-chance-export-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl\.gz$/)
    expect(rowCount).toBe((await rowLines(exported)).length)
    expect(rowCount).toBeGreaterThan(50)
    expect(result.stdout).toMatch(/password hashes: left out/)
  }, 120_000)

  it('restores it into another data folder (the newest export in a folder), once, and exports the same rows again', async () => {
    const target = { DATA_DIR: path.join(scratch, 'target') }
    const restored = await cli(['restore', folder], target)
    expect(restored.stderr).toBe('')
    expect(restored.stdout).toContain(`restored ${rowCount} rows of `)
    expect(restored.stdout).toContain(exported)
    expect(restored.stdout).toMatch(/1 account\(s\) have no password/)

    const again = await cli(['restore', exported], target)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/this database is not empty \(.*\): restore loads only into an empty one/)
    expect(again.stderr).toContain('nothing was restored: the database is unchanged')

    const second = path.join(scratch, 'second.jsonl')
    const reexport = await cli(['export-all', second, '--include-password-hashes'], target)
    expect(reexport.code).toBe(0)
    expect(reexport.stdout).toMatch(/password hashes: INCLUDED/)
    const [before, after] = [await rowLines(exported), await rowLines(second)]
    const restoreEvents = after.filter((line) => line.includes('"action":"backup.restore"'))
    expect(restoreEvents).toHaveLength(1)
    expect(restoreEvents[0]).toContain('"actor":"cli:backup-tester"')
    const ordinary = (lines: string[]) =>
      lines.filter((l) => !l.startsWith('{"table":"data_version"') && !l.includes('"action":"backup.restore"'))
    expect(ordinary(after)).toEqual(ordinary(before))
  }, 120_000)

  it.runIf(engines.includes('postgres'))(
    'restores the same export into a PostgreSQL database',
    async () => {
      const database = await createTestDatabase('postgres')
      try {
        const restored = await cli(['restore', exported], { DATABASE_URL: database.url! })
        expect(restored.stderr).toBe('')
        expect(restored.stdout).toMatch(new RegExp(`^restored ${rowCount} rows of \\d+ tables from .* into postgres`))
      } finally {
        await database.close()
      }
    },
    120_000,
  )
})
