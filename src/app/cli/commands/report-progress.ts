/**
 * `best-chance report hwb --out <file>` and `best-chance report annual --year 2026 --out <file>`:
 * the Health and Wellbeing Board's progress report on the JLHWS, and the annual Best Chance
 * progress report, from the live data, written as the file's extension says (.pdf, .html, .xlsx).
 * Nothing is stored. Without Chromium the error names the package and the HTML is written beside.
 * Exit codes: 0 written, 1 refused (nothing or only the HTML written), 2 usage.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { todayInLondon } from '../../../lib/dates.js'
import { formatOf, LIVE_STATUS } from '../../../modules/reports/pack.outputs.js'
import { ChromiumMissing, launchPrinter } from '../../../modules/reports/pack.pdf.js'
import { PackRequestError } from '../../../modules/reports/pack.service.js'
import { reportFile, reportHtml } from '../../../modules/reports/report.outputs.js'
import { prepareReport, type ReportRequest } from '../../../modules/reports/report.service.js'
import { strategyService } from '../../../modules/strategy/strategy.service.js'
import { parseFlags, UsageError } from './flags.js'

export const REPORT_HWB_USAGE = `  report hwb --out <file.pdf|.html|.xlsx> [--as-of YYYY-MM-DD]
                               the Health and Wellbeing Board's progress report on the JLHWS: its Best Start
                               in Life theme (delivered by Best Chance) and the life-course table`
export const REPORT_ANNUAL_USAGE = `  report annual --year <YYYY> --out <file.pdf|.html|.xlsx> [--as-of YYYY-MM-DD]
                               the annual Best Chance progress report: outcomes, priorities, delivery, risks`

const DAY = /^\d{4}-\d{2}-\d{2}$/

function requestOf(kind: 'hwb' | 'annual', flags: Record<string, string | boolean | undefined>): ReportRequest {
  const asOf = typeof flags['as-of'] === 'string' ? flags['as-of'].trim() : undefined
  if (asOf !== undefined && !DAY.test(asOf)) throw new UsageError('--as-of is a date written like 2026-03-31')
  if (kind === 'hwb') return { kind, asOf }
  const year = Number(flags.year)
  const thisYear = Number(todayInLondon().slice(0, 4))
  if (typeof flags.year !== 'string' || !/^\d{4}$/.test(flags.year) || year < 2000 || year > thisYear)
    throw new UsageError(`report annual needs --year, a year from 2000 to ${thisYear}`)
  return { kind, year, asOf }
}

async function progressReport(ctx: CommandContext, kind: 'hwb' | 'annual', args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ['out', 'as-of', ...(kind === 'annual' ? ['year'] : [])], [])
  const out = typeof flags.out === 'string' ? flags.out.trim() : ''
  if (positional.length || !out) throw new UsageError(`report ${kind} needs --out`)
  const format = formatOf(out)
  if (!format) throw new UsageError(`report ${kind} writes .pdf, .html or .xlsx, not ${path.basename(out)}`)
  const request = requestOf(kind, flags)
  const file = path.resolve(ctx.cwd, out)
  if (!existsSync(path.dirname(file))) {
    ctx.io.err(`cannot write ${file}: there is no folder ${path.dirname(file)}`)
    return 1
  }
  ctx.io.progress(5)
  const { db } = await ctx.database('strategies')
  const model = await strategyService(db, ctx.config.primaryStrategy).readModel()
  ctx.io.progress(20)
  // Chromium starts while the data is gathered: its start-up overlaps the reads.
  const printer =
    format === 'pdf' ? launchPrinter().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))) : null
  try {
    const content = await prepareReport({ db, model, threshold: ctx.config.disclosureThreshold }, request)
    ctx.io.progress(60)
    try {
      const started = printer ? await printer : null
      if (started instanceof Error) throw started
      await writeFile(file, await reportFile(content, LIVE_STATUS, format, started ?? undefined))
    } catch (error) {
      if (!(error instanceof ChromiumMissing)) throw error
      const html = file.replace(/\.pdf$/i, '.html')
      await writeFile(html, reportHtml(content, LIVE_STATUS))
      ctx.io.progress(null)
      ctx.io.err(`${error.message}\nwrote the HTML instead: ${html}`)
      return 1
    }
    ctx.io.progress(null)
    ctx.io.out(`wrote ${file}: ${content.title}, data as of the end of ${content.asOfText}`)
    return 0
  } catch (error) {
    if (!(error instanceof PackRequestError)) throw error
    ctx.io.progress(null)
    ctx.io.err(error.message)
    return 1
  } finally {
    const started = printer ? await printer : null
    if (started && !(started instanceof Error)) await started.close()
  }
}

export const reportHwbCommand = (ctx: CommandContext, args: string[]) => progressReport(ctx, 'hwb', args)
export const reportAnnualCommand = (ctx: CommandContext, args: string[]) => progressReport(ctx, 'annual', args)
