/**
 * Gathers a strategy progress report from the live data, through the same reads as a board pack
 * (figures through disclosure control as they stood at the end of a day, the actions and risks in
 * the Partnership's scope) and the dashboard's life-course table. The Health and Wellbeing Board
 * report follows the JLHWS's Best Start in Life theme, whose outcomes are Best Chance's four; the
 * annual report covers Best Chance's outcomes and system priorities for a calendar year. Nothing
 * here writes.
 */
import { formatDate, todayInLondon } from '../../lib/dates.js'
import { areaName, lifeCourseFor, priorityIndicators, strategyArea } from '../dashboard/dashboard.service.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { actionInScope, riskAppetite } from './pack.delivery.js'
import { figuresAsOf, scoreRow } from './pack.figures.js'
import { scopeIndicators, scopeItems } from './pack.scope.js'
import { endOfDay, gatherActions, gatherRisks, PackRequestError, type PackDeps } from './pack.service.js'
import { indicatorDataFacts } from './reports.repository.js'
import { REPORT_TITLES, reportContents, reportKey, riskSummary, statusCounts } from './report.build.js'
import { REPORT_SCHEMA, type ReportContent, type ReportKind, type ReportOutcome } from './report.types.js'
import { PUBLIC_VIEWER, sightOf } from '../disclosure/visibility.js'

/** The JLHWS theme that Best Chance delivers, and the body the JLHWS reports to. */
export const BEST_START_THEME = 'best-start-in-life'
export const HWB_BODY = 'health-and-wellbeing-board'

export interface ReportRequest {
  kind: ReportKind
  /** The annual report's calendar year. */
  year?: number
  /** The data's day (default today, or the year's last day when it has passed). */
  asOf?: string
}

/** The strategies the reports read: the JLHWS (by its Best Start theme) and Best Chance (its theme's outcomes). */
export function reportStrategies(m: StrategyReadModel) {
  const theme = m.ofKind('theme').find((t) => t.id === BEST_START_THEME)
  const outcomes = theme ? m.from(theme, 'has_outcome', 'outcome').map((c) => c.item) : []
  if (!theme || !outcomes.length)
    throw new PackRequestError(
      `No strategy has a "${BEST_START_THEME}" theme with outcomes: load the Joint Local Health and Wellbeing Strategy and Best Chance`,
    )
  const bestChance = m.strategyOf(outcomes[0]!)
  const lead = m.items(bestChance.id, 'body')[0]
  if (!lead) throw new PackRequestError(`${bestChance.title} lists no bodies`)
  const hwb = m.ofKind('body').find((b) => b.id === HWB_BODY) ?? lead
  return { theme, jlhws: m.strategyOf(theme), bestChance, lead, hwb }
}

const shortTitle = (i: Item) => String(i.detail.shortTitle ?? i.title)

/** The report's data day and, for the risks' "new" and "closed", the day its period starts after. */
export function reportPeriod(request: ReportRequest, today: string): { asOf: string; since: string | null } {
  if (request.kind === 'annual') {
    const year = request.year ?? Number(today.slice(0, 4))
    const last = `${year}-12-31`
    return { asOf: request.asOf ?? (last < today ? last : today), since: `${year - 1}-12-31` }
  }
  return { asOf: request.asOf ?? today, since: null }
}

async function reportFigures(deps: PackDeps, items: Item[], area: { code: string; name: string }, asOf: string) {
  const facts = await indicatorDataFacts(
    deps.db,
    items.map((i) => i.id),
    area.code,
    null,
  )
  const figures = await figuresAsOf(
    deps.db,
    deps.threshold,
    deps.model,
    items,
    area,
    endOfDay(asOf),
    new Set(facts.withAreaData),
  )
  return (item: Item) => scoreRow(figures.rows.get(item.id)!, figures.figures.get(item.id))
}

type Rows = (item: Item) => ReturnType<typeof scoreRow>
type Actions = Awaited<ReturnType<typeof gatherActions>>

function outcomeOf(m: StrategyReadModel, o: Item, rowOf: Rows, actions: Actions, kind: ReportKind): ReportOutcome {
  const scope = { ...actions.actionScope, outcomeIds: new Set([o.id]) }
  const mine = actions.records.filter((a) => actionInScope(a, actions.links.get(a.id) ?? [], scope))
  return {
    id: o.id,
    title: o.title,
    shortTitle: shortTitle(o),
    statement: typeof o.detail.statement === 'string' ? o.detail.statement : null,
    intentions: m.children(o, 'intention').map((i) => i.text ?? i.title),
    commitments:
      kind === 'hwb'
        ? m
            .to(o, 'delivers', 'action')
            .filter((c) => c.item.strategyId !== o.strategyId)
            .map((c) => c.item.title)
        : [],
    rows: m.to(o, 'in_column', 'indicator').map((c) => rowOf(c.item)),
    delivery: statusCounts(mine.map((a) => actions.all.get(a.id)!)),
  }
}

/** The report, as the data stood at the end of its day. */
export async function prepareReport(deps: PackDeps, request: ReportRequest, now = new Date()): Promise<ReportContent> {
  // A report may be published: its indicators are the public's (visibility tiers, disclosure/visibility.ts).
  const m = (await sightOf(deps.db, deps.model, PUBLIC_VIEWER)).model
  const s = reportStrategies(m)
  const { asOf, since } = reportPeriod(request, todayInLondon(now))
  const scope = scopeItems(m, s.lead)
  const priorities = request.kind === 'annual' ? m.items(s.bestChance.id, 'priority') : []
  const items = [...scopeIndicators(scope), ...priorities.flatMap((p) => priorityIndicators(m, p))]
  const code = strategyArea(s.bestChance)
  const area = { code, name: await areaName(deps.db, code) }
  const [rowOf, actions, risks, lifeCourse] = await Promise.all([
    reportFigures(deps, items, area, asOf),
    gatherActions(deps, scope, asOf),
    gatherRisks(deps, s.lead, scope, asOf, since),
    lifeCourseFor(deps.db, deps.threshold, m, s.jlhws),
  ])
  const outcomes = (
    request.kind === 'hwb' ? m.from(s.theme, 'has_outcome', 'outcome').map((c) => c.item) : scope.outcomes
  ).map((o) => outcomeOf(m, o, rowOf, actions, request.kind))
  const board = request.kind === 'hwb' ? s.hwb : s.lead
  const content: ReportContent = {
    schema: REPORT_SCHEMA,
    kind: request.kind,
    audience: 'board',
    title:
      request.kind === 'annual'
        ? `${shortTitle(s.bestChance)}: ${REPORT_TITLES.annual.toLowerCase()} ${request.year ?? asOf.slice(0, 4)}`
        : `${REPORT_TITLES.hwb}: ${shortTitle(s.jlhws)}`,
    board: { strategyId: board.strategyId, id: board.id, title: board.title },
    strategyTitle: shortTitle(request.kind === 'hwb' ? s.jlhws : s.bestChance),
    year: request.kind === 'annual' ? (request.year ?? Number(asOf.slice(0, 4))) : null,
    asOf,
    asOfText: formatDate(asOf),
    generatedAt: now.toISOString(),
    area,
    introduction: introduction(request.kind, s, outcomes.length, priorities.length),
    contents: [],
    key: reportKey(deps.threshold, riskAppetite().score),
    theme:
      request.kind === 'hwb' ? { title: s.theme.title, text: s.theme.text, strategyTitle: shortTitle(s.jlhws) } : null,
    outcomes,
    priorities: priorities.map((p) => ({ id: p.id, title: p.title, rows: priorityIndicators(m, p).map(rowOf) })),
    delivery: { total: actions.inScope.length, byStatus: statusCounts(actions.inScope), actions: actions.inScope },
    risks: riskSummary(risks),
    lifeCourse: { strategyTitle: shortTitle(s.jlhws), areaName: lifeCourse.areaName, stages: lifeCourse.stages },
  }
  return { ...content, contents: reportContents(request.kind, content) }
}

function introduction(kind: ReportKind, s: ReturnType<typeof reportStrategies>, outcomes: number, priorities: number) {
  if (kind === 'hwb')
    return [
      `The ${s.hwb.title} asked for progress on the ${s.jlhws.title}. Its ${s.theme.title} theme is delivered by ${s.bestChance.title}, whose ${outcomes} outcomes are the theme’s outcomes: this report gives each outcome’s indicators against England and London, what the strategy said would be done, and the actions under way.`,
      `The life-course table at the end sets the strategy’s indicators for each stage of life against London and England, as the strategy document does.`,
    ]
  return [
    `The ${s.lead.title} monitors progress against the outcomes framework of ${s.bestChance.title}. This report covers all ${outcomes} outcomes (their shared intentions and indicators) and the ${priorities} system priorities, the delivery of the actions in the plan, and a summary of the risks held.`,
    `Each indicator’s latest figure is set against England and London, with its recent trend. The life-course table at the end reports the ${s.jlhws.title} indicators against London and England.`,
  ]
}
