/**
 * Summarising stored data: an indicator whole, or only its target series (an import's changes).
 * Both read the rows a summary needs, summarise each area with `summariseArea` (so the statistics
 * are the same code either way) and hand the summaries to a writer that stores only what differs.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.js'
import {
  currentAreaCodes,
  currentPointCount,
  currentPoints,
  deleteSummariesOf,
  latestPeriodPairs,
  storedSummaryKeys,
} from './summaries.repository.js'
import {
  pointsAt,
  targetAreas,
  targetKeys,
  targetPoints,
  type BreakdownAtPeriod,
} from './summary-targets.repository.js'
import {
  benchmarkContext,
  contextAreas,
  summariseArea,
  type ComparatorGroup,
  type PointInput,
  type SummaryIndicator,
} from './summarise.js'
import type { SummaryWriter } from './summary-writer.js'

/** An indicator with at most this many current rows is read whole (a few MB); a larger one area by area. */
const IN_MEMORY_ROWS = 50_000
/** Target series summarised per read: bounds memory (a series is a few dozen rows). */
const TARGET_SERIES_PER_READ = 2_000

const seriesKey = (s: { areaCode: string; sex: string; age: string; categoryType: string; category: string }) =>
  `${s.areaCode}|${s.sex}|${s.age}|${s.categoryType}|${s.category}`

function groupByArea(points: PointInput[]): Map<string, PointInput[]> {
  const byArea = new Map<string, PointInput[]>()
  for (const p of points) {
    const list = byArea.get(p.areaCode)
    if (list) list.push(p)
    else byArea.set(p.areaCode, [p])
  }
  return byArea
}

/** One indicator's summaries, every area; returns how many stored summaries were removed. */
export async function summariseWhole(
  db: Kysely<Database>,
  indicator: SummaryIndicator,
  groups: readonly ComparatorGroup[],
  writer: SummaryWriter,
): Promise<number> {
  // An indicator of ordinary size is read in one query and grouped by area here: one query per
  // area per indicator made loading a year's published data for every authority take minutes.
  // A very large one is read area by area, so memory stays bounded whatever its size.
  const byArea =
    (await currentPointCount(db, indicator.id)) <= IN_MEMORY_ROWS
      ? groupByArea(await currentPoints(db, indicator.id, null))
      : null
  const areaRows = async (code: string) => (byArea ? (byArea.get(code) ?? []) : currentPoints(db, indicator.id, [code]))
  // Benchmarks and ranks are read at each series' latest period only, so the context holds just
  // the benchmark areas' rows at those periods; every area's own series is then read on its own.
  const context = benchmarkContext(await latestPeriodRows(areaRows, db, indicator.id, contextAreas(groups)), groups)
  const areaCodes = byArea ? [...byArea.keys()] : await currentAreaCodes(db, indicator.id)
  const produced = new Set<string>()
  for (const areaCode of areaCodes) {
    const summaries = summariseArea(indicator, await areaRows(areaCode), context)
    for (const s of summaries) produced.add(seriesKey(s))
    await writer.add(summaries)
  }
  // A stored summary of a series that no longer has a value goes.
  const gone = (await storedSummaryKeys(db, indicator.id)).filter((k) => !produced.has(k))
  return deleteSummariesOf(db, indicator.id, gone)
}

/**
 * The given areas' rows at every (breakdown, period) that is the latest of some area's series: the
 * pairs first (a small set), then each area's rows by index, keeping only those at a pair.
 */
async function latestPeriodRows(
  areaRows: (areaCode: string) => Promise<PointInput[]>,
  db: Kysely<Database>,
  indicatorId: string,
  areaCodes: string[],
): Promise<PointInput[]> {
  const wanted = await latestPeriodPairs(db, indicatorId)
  const out: PointInput[] = []
  for (const code of areaCodes) {
    for (const p of await areaRows(code)) {
      if (wanted.has(`${p.sex}|${p.age}|${p.categoryType}|${p.category}|${p.periodKey}`)) out.push(p)
    }
  }
  return out
}

/**
 * The summaries of an indicator's target series (summary_targets, filled by `markTargets`), a few
 * thousand series per read; returns how many stored summaries were removed (a series left with no
 * value). Each read takes the target areas' rows at the targets' sex and age, and the benchmark
 * and comparator areas' rows at the targets' latest periods only.
 */
export async function summariseTargets(
  db: Kysely<Database>,
  indicator: SummaryIndicator,
  groups: readonly ComparatorGroup[],
  writer: SummaryWriter,
): Promise<number> {
  const benchmarks = contextAreas(groups)
  let removed = 0
  for (const codes of areaChunks(await targetAreas(db, indicator.id))) {
    const targets = await targetKeys(db, indicator.id, codes)
    const byArea = groupByArea(await targetPoints(db, indicator.id, codes))
    const at = latestOfTargets(byArea, targets)
    const context = benchmarkContext(await pointsAt(db, indicator.id, benchmarks, at), groups)
    const produced = new Set<string>()
    for (const rows of byArea.values()) {
      // A target's own rows, and everyone's in its area (a group's gap is measured against them).
      const needed = rows.filter((p) => targets.has(seriesKey(p)) || (p.categoryType === '' && p.category === ''))
      const summaries = summariseArea(indicator, needed, context).filter((s) => targets.has(seriesKey(s)))
      for (const s of summaries) produced.add(seriesKey(s))
      await writer.add(summaries)
    }
    // A target series left with no value loses its stored summary.
    removed += await deleteSummariesOf(
      db,
      indicator.id,
      [...targets].filter((k) => !produced.has(k)),
    )
  }
  return removed
}

/** The (breakdown, period) of each target series' latest value, once each. */
function latestOfTargets(byArea: Map<string, PointInput[]>, targets: ReadonlySet<string>): BreakdownAtPeriod[] {
  const latest = new Map<string, PointInput>()
  for (const rows of byArea.values())
    for (const p of rows) {
      const key = seriesKey(p)
      if (p.value === null || !targets.has(key)) continue
      const seen = latest.get(key)
      if (!seen || seen.periodKey < p.periodKey) latest.set(key, p)
    }
  const pairs = new Map<string, BreakdownAtPeriod>()
  for (const p of latest.values())
    pairs.set(`${p.sex}|${p.age}|${p.categoryType}|${p.category}|${p.periodKey}`, {
      sex: p.sex,
      age: p.age,
      categoryType: p.categoryType,
      category: p.category,
      periodKey: p.periodKey,
    })
  return [...pairs.values()]
}

/** Areas in runs of about TARGET_SERIES_PER_READ target series (an area is never split). */
function areaChunks(areas: readonly { areaCode: string; series: number }[]): string[][] {
  const chunks: string[][] = []
  let current: string[] = []
  let series = 0
  for (const a of areas) {
    if (current.length && series + a.series > TARGET_SERIES_PER_READ) {
      chunks.push(current)
      current = []
      series = 0
    }
    current.push(a.areaCode)
    series += a.series
  }
  if (current.length) chunks.push(current)
  return chunks
}
