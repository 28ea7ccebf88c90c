/**
 * `best-chance report board-pack` run as a person runs it, on both engines: the pack written as
 * PDF (every planted exception in its text, by pdftotext), HTML and XLSX, a meeting found by its
 * date, clear refusals, and a missing Chromium named with its package while the HTML is still
 * written. Test data is SYNTHETIC.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, projectRoot } from '../../src/config.js'
import { openDatabase } from '../../src/db/client.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { loadStrategyFolder } from '../../src/app/server.js'
import { loadShippedData } from '../../src/modules/indicators/startup-data.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { SEED_ONLY } from '../helpers/test-app.js'
import { PLANTED, plantPack } from '../helpers/pack-fixtures.js'

const run = promisify(execFile)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-report-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'src/app/cli/main.ts'), ...args],
      { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe.each(engines)('best-chance report board-pack on %s', (engine) => {
  let env: Record<string, string>
  let meetingId: string
  let meetingDay: string
  let close = async () => {}

  beforeAll(async () => {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' })
    const server = engine === 'postgres' ? await createTestDatabase('postgres') : null
    const dataDir = path.join(scratch, `pglite-${engine}`)
    const handle = server ?? (await openDatabase({ databaseUrl: null, dataDir }))
    if (!server) await migrateToLatest(handle.db)
    await loadStrategyFolder(handle, config, () => {})
    await loadShippedData(handle.db, path.join(projectRoot, 'data'), () => {}, { datasets: SEED_ONLY })
    const planted = await plantPack(handle.db, await strategyService(handle.db, config.primaryStrategy).readModel())
    ;({ meetingId, meetingDay } = planted)
    env = server ? { DATABASE_URL: server.url! } : { DATA_DIR: dataDir }
    if (server) close = () => server.close()
    else await handle.close()
  }, 240_000)
  afterAll(async () => close())

  it('writes the pack as a PDF holding every planted exception', async () => {
    const out = path.join(scratch, `${engine}-pack.pdf`)
    const result = await cli(
      ['report', 'board-pack', '--board', 'best-chance-partnership', '--meeting', meetingId, '--out', out],
      env,
    )
    expect(result.stderr).toBe('')
    expect(result).toMatchObject({ code: 0 })
    expect(result.stdout).toMatch(
      /^wrote .*pack\.pdf: board pack for the Best Chance 0-25 Partnership, Partnership meeting \(synthetic\) .*: 7 exceptions/,
    )
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    for (const title of Object.values(PLANTED).filter(
      (t) => t !== PLANTED.decision && t !== PLANTED.arising && t !== PLANTED.restrictedPaper,
    ))
      expect(text).toContain(title)
    expect(text).toContain(PLANTED.decision)
  }, 120_000)

  it('finds the meeting by its date and writes HTML and a formula-safe workbook', async () => {
    const html = path.join(scratch, `${engine}-pack.html`)
    expect(
      (
        await cli(
          ['report', 'board-pack', '--board', 'best-chance-partnership', '--meeting', meetingDay, '--out', html],
          env,
        )
      ).code,
    ).toBe(0)
    expect(readFileSync(html, 'utf8')).toContain(
      '<h1 class="govuk-heading-xl" id="cover-heading">Best Chance 0-25 Partnership: Partnership meeting (synthetic)</h1>',
    )
    const xlsx = path.join(scratch, `${engine}-scorecard.xlsx`)
    expect(
      (
        await cli(
          ['report', 'board-pack', '--board', 'best-chance-partnership', '--meeting', meetingId, '--out', xlsx],
          env,
        )
      ).code,
    ).toBe(0)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(xlsx)
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        'Cover',
        'Key',
        'Exceptions',
        'Since the last meeting',
        'Scorecard Best Start',
        'All actions',
        'All risks and issues',
      ]),
    )
    const exceptions = book.getWorksheet('Exceptions')!
    const titles = exceptions.getColumn(3).values.filter((v): v is string => typeof v === 'string')
    expect(titles).toContain(PLANTED.offTrack)
  }, 120_000)

  it('refuses what it cannot do, saying why', async () => {
    const unknown = await cli(
      ['report', 'board-pack', '--board', 'no-such-board', '--meeting', meetingId, '--out', 'x.pdf'],
      env,
    )
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/there is no board "no-such-board"; the boards are: best-chance-partnership, /)
    const noMeeting = await cli(
      ['report', 'board-pack', '--board', 'best-chance-partnership', '--meeting', '1999-01-01', '--out', 'x.pdf'],
      env,
    )
    expect(noMeeting.stderr).toMatch(/has no meeting on 1999-01-01; its meetings: \d+ \(2025-01-15\)/)
    const usage = await cli(
      ['report', 'board-pack', '--board', 'best-chance-partnership', '--out', 'x.docx', '--meeting', '1'],
      env,
    )
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('writes .pdf, .html or .xlsx')
  }, 120_000)

  it('writes the HWB report and the annual report as PDFs with the life-course table against London and England', async () => {
    const year = new Date().getUTCFullYear()
    for (const [args, title] of [
      [['report', 'hwb'], 'Health and Wellbeing Board progress report'],
      [['report', 'annual', '--year', String(year)], `annual progress report ${year}`],
    ] as const) {
      const out = path.join(scratch, `${engine}-${args[1]}.pdf`)
      const result = await cli([...args, '--out', out], env)
      expect(result.stderr).toBe('')
      expect(result).toMatchObject({ code: 0 })
      expect(result.stdout).toContain(`wrote ${out}: `)
      const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
      expect(text).toContain(title)
      expect(text).toContain('Across the life course: against London and England')
      // The seed document's obesity in pregnancy: the borough, London and England, in the life-course table.
      const lifeCourse = text.slice(text.lastIndexOf('Across the life course: against London and England'))
      for (const words of ['Obesity in Pregnancy', '2018/19', '27.4%', '17.8%', '22.1%'])
        expect(lifeCourse).toContain(words)
    }
    const usage = await cli(['report', 'annual', '--out', path.join(scratch, 'x.pdf')], env)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('report annual needs --year')
  }, 180_000)

  it('names the missing package when there is no Chromium, and still writes the HTML', async () => {
    const out = path.join(scratch, `${engine}-nochrome.pdf`)
    const result = await cli(
      ['report', 'board-pack', '--board', 'best-chance-partnership', '--meeting', meetingId, '--out', out],
      { ...env, CHROMIUM_PATH: '/nonexistent/chromium' },
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('install Debian\'s package "chromium" (apt-get install chromium)')
    expect(existsSync(out)).toBe(false)
    expect(readFileSync(out.replace(/\.pdf$/, '.html'), 'utf8')).toContain(PLANTED.offTrack)
  }, 120_000)
})

describe('best-chance report hwb and annual --help', () => {
  it('explains the commands without a database', async () => {
    expect((await cli(['report', 'hwb', '--help'], {})).stdout).toMatch(/^usage: best-chance\n {2}report hwb --out/)
    expect((await cli(['report', 'annual', '--help'], {})).stdout).toMatch(
      /^usage: best-chance\n {2}report annual --year <YYYY> --out/,
    )
  })
})

describe('best-chance report board-pack --help', () => {
  it('explains the command without a database', async () => {
    const help = await cli(['report', 'board-pack', '--help'], {})
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(
      /^usage: best-chance\n {2}report board-pack --board <id> --meeting <id\|YYYY-MM-DD> --out/,
    )
  })
})
