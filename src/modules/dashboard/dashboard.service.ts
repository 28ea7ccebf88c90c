/** The dashboard pages' reads: indicator rows and the life-course table, through disclosure control. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import { benchmarkedRows, figuresFor } from './figures.js'
import { indicatorTableRows, type IndicatorTableRow } from './indicator-table.js'
import { lifeCourseTable } from './life-course.js'
import { figureLabelsFor } from '../sources/figure-labels.service.js'

/** The area a strategy reports on (its `area_code`). */
export function strategyArea(s: Item): string {
  return String(s.detail.areaCode ?? '')
}

export async function areaName(db: Kysely<Database>, code: string): Promise<string> {
  const row = await db.selectFrom('areas').select('name').where('code', '=', code).executeTakeFirst()
  return row?.name ?? code
}

/** One row per indicator: its latest figure for the area, against England and London. */
export async function indicatorRows(deps: WebDeps, m: StrategyReadModel, items: readonly Item[], areaCode: string): Promise<IndicatorTableRow[]> {
  const ids = items.map((i) => i.id)
  const [figures, labels] = await Promise.all([figuresFor(deps.db, deps.config.disclosureThreshold, ids, areaCode), figureLabelsFor(deps.db, ids, areaCode)])
  return indicatorTableRows(m, items, figures, labels)
}

/** A strategy's life-course table: its stages, each stage's indicators (linked `at_stage`) for the area, London and England. */
export async function lifeCourse(deps: WebDeps, m: StrategyReadModel, s: Item) {
  const stages = m.items(s.id, 'life_course_stage').map((st) => ({
    id: st.id,
    title: st.title,
    indicators: m.to(st, 'at_stage', 'indicator').map((c) => ({ id: c.item.id, ...linkTo(m, c.item), title: c.item.title })),
  }))
  const code = strategyArea(s)
  const [{ units, rows }, name] = await Promise.all([
    benchmarkedRows(deps.db, deps.config.disclosureThreshold, stages.flatMap((st) => st.indicators.map((i) => i.id)), code),
    areaName(deps.db, code),
  ])
  return { areaName: name, stages: lifeCourseTable(stages, rows, units, { code, name }) }
}
