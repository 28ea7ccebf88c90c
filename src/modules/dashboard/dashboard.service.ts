/** The dashboard pages' reads: indicator rows and the life-course table, through disclosure control. */
import type { WebDeps } from '../module-deps.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { linkTo } from '../strategy/strategy.links.js'
import { areaName } from '../indicators/areas.repository.js'
import { benchmarkedRows, figuresFor } from './figures.js'
import { indicatorTableRows, type IndicatorTableRow } from './indicator-table.js'
import { lifeCourseTable } from './life-course.js'
import { findActions } from '../delivery/delivery.repository.js'
import { isOverdue } from '../delivery/delivery.domain.js'
import { escalatedToBoardCount } from '../risks/risks.service.js'
import { todayInLondon } from '../../lib/dates.js'
import { figureLabelsFor } from '../sources/figure-labels.service.js'
import { sightBehind } from '../disclosure/visibility.js'

/** The area a strategy reports on (its `area_code`). */
export function strategyArea(s: Item): string {
  return String(s.detail.areaCode ?? '')
}

/** An area's name, or its code when unknown (read from the indicators' areas). */
export { areaName }

/** One row per indicator: its latest figure for the area, against England and London. */
export async function indicatorRows(
  deps: WebDeps,
  m: StrategyReadModel,
  items: readonly Item[],
  areaCode: string,
): Promise<IndicatorTableRow[]> {
  const ids = items.map((i) => i.id)
  const [figures, labels] = await Promise.all([
    figuresFor(deps.db, deps.config.disclosureThreshold, ids, areaCode, sightBehind(m)),
    figureLabelsFor(deps.db, ids, areaCode),
  ])
  return indicatorTableRows(m, items, figures, labels)
}

/** A strategy's life-course table: its stages, each stage's indicators (linked `at_stage`) for the area, London and England. */
export async function lifeCourse(deps: WebDeps, m: StrategyReadModel, s: Item) {
  return lifeCourseFor(deps.db, deps.config.disclosureThreshold, m, s)
}

/** The same, from the database and threshold alone (the progress reports use it outside a request). */
export async function lifeCourseFor(db: WebDeps['db'], threshold: number, m: StrategyReadModel, s: Item) {
  const stages = m.items(s.id, 'life_course_stage').map((st) => ({
    id: st.id,
    title: st.title,
    indicators: m
      .to(st, 'at_stage', 'indicator')
      .map((c) => ({ id: c.item.id, ...linkTo(m, c.item), title: c.item.title })),
  }))
  const code = strategyArea(s)
  const [{ units, rows }, name] = await Promise.all([
    benchmarkedRows(
      db,
      threshold,
      stages.flatMap((st) => st.indicators.map((i) => i.id)),
      code,
      sightBehind(m),
    ),
    areaName(db, code),
  ])
  return { areaName: name, stages: lifeCourseTable(stages, rows, units, { code, name }) }
}

/** An item's indicator table (an outcome's, a priority's …), for the area of the strategy the item belongs to. */
export async function itemIndicatorRows(
  deps: WebDeps,
  m: StrategyReadModel,
  owner: Item,
  items: Item[],
): Promise<IndicatorTableRow[]> {
  return indicatorRows(deps, m, items, strategyArea(m.strategyOf(owner)))
}

/** The indicators in an outcome's column. */
export const outcomeIndicators = (m: StrategyReadModel, o: Item) => m.to(o, 'in_column', 'indicator').map((c) => c.item)

/** The indicators that serve a priority. */
export const priorityIndicators = (m: StrategyReadModel, p: Item) => m.to(p, 'serves', 'indicator').map((c) => c.item)

/** The CSV and JSON addresses of a table, from its address without the extension. */
export const downloads = (base: string) => ({ csv: `${base}.csv`, json: `${base}.json` })

/** How many actions are overdue today (public: the actions list shows the same). */
export async function overdueActionCount(deps: WebDeps): Promise<number> {
  const today = todayInLondon()
  return (await findActions(deps.db)).filter((a) => isOverdue(a, today)).length
}

/**
 * How many risks and issues stand escalated to the partnership's own board: the first body the
 * strategy lists, as its board packs take it. A count only; the log itself is for partners.
 */
export async function escalatedRisks(deps: WebDeps, m: StrategyReadModel, strategy: Item) {
  const board = m.items(strategy.id, 'body')[0]
  if (!board) return { count: 0, boardId: '', boardName: '' }
  return {
    count: await escalatedToBoardCount(deps.db, board.id),
    boardId: board.id,
    boardName: board.title,
  }
}
