/**
 * `best-chance fetch fingertips`: downloads the all-data CSV of every indicator whose metadata has
 * a Fingertips id and imports it, all or nothing: every response is checked and every file checked
 * by the import (a dry run) before any is stored, so a malformed or truncated response stores
 * nothing at all. Imported figures take precedence over the shipped ones, as any import does.
 */
import type { CommandContext } from '../command-context.js'
import { importData } from '../../../modules/indicators/import/import.service.js'
import { formatImportProblem, formatImportReport } from '../../../modules/indicators/import/import.report.js'
import {
  COUNTIES_AND_UAS,
  FINGERTIPS_BASE_URL,
  REGIONS,
  downloadFingertips,
} from '../../../modules/sources/fingertips-fetch.js'
import { fingertipsIndicators } from '../../../modules/sources/sources.repository.js'
import { parseFlags, UsageError } from './flags.js'

export const FETCH_USAGE = `  fetch fingertips [--indicator ID,...] [--area-type ${COUNTIES_AND_UAS}] [--parent-area-type ${REGIONS}] [--base-url URL] [--dry-run]
                               download OHID Fingertips' all-data CSV of each indicator with a
                               Fingertips id (or those named) and import them, all or nothing`

export async function fetchFingertipsCommand(
  ctx: CommandContext,
  args: string[],
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
): Promise<number> {
  const { positional, flags } = parseFlags(
    args,
    ['indicator', 'area-type', 'parent-area-type', 'base-url'],
    ['dry-run'],
  )
  if (positional.length) throw new UsageError(`fetch fingertips takes no file, not "${positional.join(' ')}"`)
  const number = (name: string, fallback: number) => {
    const v = flags[name]
    if (v === undefined) return fallback
    if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--${name} must be a number`)
    return Number(v)
  }
  const wanted = typeof flags.indicator === 'string' ? flags.indicator.split(',').map((s) => s.trim()) : null
  if (wanted?.some((w) => !/^\d+$/.test(w))) throw new UsageError('--indicator takes Fingertips ids, comma-separated')
  const { db } = await ctx.database('reference')
  const known = await fingertipsIndicators(db)
  const ids = wanted ? wanted.map(Number) : [...new Set(known.map((k) => k.fingertips_id))].sort((a, b) => a - b)
  const unknown = ids.filter((id) => !known.some((k) => k.fingertips_id === id))
  if (unknown.length)
    throw new UsageError(`no indicator has Fingertips id ${unknown.join(', ')} (set fingertips_id in data/indicators)`)
  if (!ids.length) {
    ctx.io.err('no indicator has a Fingertips id: nothing to fetch')
    return 1
  }
  const options = {
    baseUrl: typeof flags['base-url'] === 'string' ? flags['base-url'] : FINGERTIPS_BASE_URL,
    childAreaType: number('area-type', COUNTIES_AND_UAS),
    parentAreaType: number('parent-area-type', REGIONS),
    fetch: fetchImpl,
  }
  ctx.io.out(`fetching ${ids.length} Fingertips indicator(s) from ${options.baseUrl}`)
  const { files, problems } = await downloadFingertips(ids, options)
  if (problems.length) {
    ctx.io.err(`refused, nothing stored:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    return 1
  }
  const retrieved = new Date().toISOString().slice(0, 10)
  const importOptions = (f: (typeof files)[number]) => ({
    sourceName: `fingertips-${f.fingertipsId}.csv`,
    format: 'fingertips' as const,
    actor: ctx.actor,
    // Under the release workflow a fetch lands as draft releases, as any import does.
    draft: ctx.config.releases.workflow,
    defaults: { source: `OHID Fingertips API, ${f.url}, retrieved ${retrieved}; Open Government Licence v3.0` },
  })
  // Every file is checked before any is stored.
  for (const f of files) {
    const check = await importData(db, [f.body], { ...importOptions(f), dryRun: true })
    if (check.errors.length) {
      const listed = check.errors.slice(0, 20).map((e) => `  ${formatImportProblem(e)}`)
      ctx.io.err(
        `refused, nothing stored: Fingertips indicator ${f.fingertipsId} (${f.url}) has ${check.errors.length} bad row(s):\n${listed.join('\n')}`,
      )
      return 1
    }
  }
  if (flags['dry-run'] === true) {
    ctx.io.out(`dry run: ${files.length} file(s) checked, nothing stored`)
    return 0
  }
  for (const f of files) ctx.io.out(formatImportReport(await importData(db, [f.body], importOptions(f)), false))
  return 0
}
