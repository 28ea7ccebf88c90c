/** Whose rows reach whose summaries through comparisons, ranks and quintiles. Pure. */
import { ENGLAND, LONDON, type ComparatorGroup } from './summarise.js'
import type { Dependent } from './summary-targets.repository.js'

/**
 * Each area whose value at a period is read by another area's summary at that period: England and
 * London by every area (`*`: comparisons); a comparator group's members by the group's focus, or,
 * in a group without one, by every member (ranks and quintiles).
 */
export function summaryDependents(groups: readonly ComparatorGroup[]): Dependent[] {
  const seen = new Set<string>()
  const out: Dependent[] = []
  const add = (source: string, dependent: string) => {
    const key = `${source}|${dependent}`
    if (seen.has(key)) return
    seen.add(key)
    out.push({ source, dependent })
  }
  add(ENGLAND, '*')
  add(LONDON, '*')
  for (const g of groups) {
    const ranked = g.focus ? [g.focus] : [...g.members]
    for (const member of g.members) for (const area of ranked) add(member, area)
  }
  return out
}
