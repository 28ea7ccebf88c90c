/**
 * Feed entries for new data: one entry per import that changed an indicator's public figures for
 * the partnership's area, naming each figure as the public sees it (period, breakdown, value;
 * "Suppressed (small number)" where disclosure control hides it). Pure: the points have already
 * been read through disclosure control (public-data.ts), so a feed can show nothing a page hides.
 */
import { SUPPRESSED_TEXT, type PublicPoint } from '../disclosure/public-data.js'
import { formatValue } from '../indicators/summaries/findings.js'
import { figure } from '../dashboard/indicator-page/page-context.js'
import { formatDateTime } from '../../lib/dates.js'
import type { FeedEntry } from '../../web/atom.js'

export interface FeedIndicator {
  id: string
  name: string
  unit: string
  /** The indicator page's path (with ?strategy= where its id is ambiguous). */
  path: string
}

/** At most this many figures are named in one entry; the rest are counted. */
const FIGURES_PER_ENTRY = 20

const breakdown = (p: PublicPoint) =>
  [p.sex && p.sex !== 'Persons' ? p.sex : '', p.age, p.category].filter(Boolean).join(', ')

/** A figure as the indicator page shows it: one decimal place, or two significant figures below 1. */
function shown(p: PublicPoint, unit: string): string {
  if (p.suppressed) return SUPPRESSED_TEXT
  if (p.value === null) return p.note ? `no figure (${p.note})` : 'no figure'
  return formatValue(figure(p.value), unit === 'tbc' ? '' : unit)
}

const byPeriodThenBreakdown = (a: PublicPoint, b: PublicPoint) =>
  a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : breakdown(a).localeCompare(breakdown(b))

/** The entries of one indicator: its primary area's figures grouped by when they were stored. */
export function dataEntries(
  indicator: FeedIndicator,
  points: readonly PublicPoint[],
  area: { code: string; name: string },
  base: string,
): FeedEntry[] {
  const byImport = new Map<string, PublicPoint[]>()
  for (const p of points) {
    if (p.indicatorId !== indicator.id || p.areaCode !== area.code) continue
    byImport.set(p.recordedAt, [...(byImport.get(p.recordedAt) ?? []), p])
  }
  return [...byImport].map(([recordedAt, list]) => {
    const sorted = [...list].sort(byPeriodThenBreakdown)
    const periods = [...new Set(sorted.map((p) => p.periodLabel))]
    const named = sorted
      .slice(0, FIGURES_PER_ENTRY)
      .map((p) => `${p.periodLabel}${breakdown(p) ? ` (${breakdown(p)})` : ''}: ${shown(p, indicator.unit)}`)
    const more = sorted.length - named.length
    const at = new Date(recordedAt)
    return {
      id: `${base}${indicator.path.split('?')[0]}#data-${at.getTime()}`,
      title: `${indicator.name}: new figures for ${area.name} (${periods.join(', ')})`,
      href: `${base}${indicator.path}`,
      updated: at,
      summary: `Published ${formatDateTime(at)}. ${named.join('; ')}${more > 0 ? `; and ${more} more on the indicator's page` : ''}.`,
    }
  })
}

/** Newest first, at most `limit`. */
export function newest(entries: FeedEntry[], limit = 50): FeedEntry[] {
  return [...entries]
    .sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id))
    .slice(0, limit)
}
