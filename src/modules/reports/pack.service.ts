/**
 * Gathers a board's pack for a meeting from the live data as it stood at the end of a chosen day,
 * through the other modules' exported reads (boards, delivery, risks, indicators, disclosure), and
 * hands the facts to buildPack. The default day is the meeting's, or today if the meeting is
 * still to come. Nothing here writes.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import {
  actionIdsFor,
  decisionsFor,
  findMeeting,
  listMeetings,
  papersFor,
  type Meeting,
} from '../boards/boards.repository.js'
import { formatDate, londonMidnight, nextDay, todayInLondon } from '../../lib/dates.js'
import { areaName, strategyArea } from '../dashboard/dashboard.service.js'
import { findActions, indicatorIdsOf } from '../delivery/delivery.repository.js'
import { currentCommentary } from '../indicators/commentary.service.js'
import { findEscalations, listRisks } from '../risks/risks.service.js'
import type { Item, StrategyReadModel } from '../strategy/strategy.read-model.js'
import { buildPack, type PackInputs, type RiskWithReasons } from './pack.build.js'
import {
  actionInScope,
  actionLine,
  riskAppetite,
  riskInScope,
  riskLine,
  riskReasons,
  riskWindow,
  type RiskFacts,
} from './pack.delivery.js'
import { curvePoints, figuresAsOf, scoreRow } from './pack.figures.js'
import { describeScope, scopeIndicators, scopeItems, type ScopeItems } from './pack.scope.js'
import { indicatorDataFacts, latestUpdates, riskLinks } from './reports.repository.js'
import { PUBLIC_VIEWER, sightOf } from '../disclosure/visibility.js'
import type { ActionLine, PackContent, PackMeeting, Scorecard, ScoreRow } from './pack.types.js'

export interface PackDeps {
  db: Kysely<Database>
  model: StrategyReadModel
  threshold: number
}

export class PackRequestError extends Error {
  readonly statusCode = 404
}

/** The end of a London day, as the instant the data is read at. */
export const endOfDay = (day: string) => londonMidnight(nextDay(day))

const meetingOf = (x: Meeting): PackMeeting => ({
  id: x.id,
  title: x.title,
  meetsOn: x.meetsOn,
  date: formatDate(x.meetsOn),
  public: x.public,
})

/** The board's meeting before this one (cancelled meetings aside), or null. */
export function previousMeeting(meetings: readonly Meeting[], meeting: Meeting): Meeting | null {
  const earlier = meetings.filter((x) => x.id !== meeting.id && x.status !== 'cancelled' && x.meetsOn < meeting.meetsOn)
  return (
    earlier
      .sort((a, b) => (a.meetsOn < b.meetsOn ? -1 : a.meetsOn > b.meetsOn ? 1 : Number(a.id) - Number(b.id)))
      .at(-1) ?? null
  )
}

/**
 * The scorecards now, and as the figures stood on the last meeting's day. Figures are read through
 * disclosure control over every area and version, which is the costly part, so only indicators with
 * figures for the area are read, and the second read covers only those whose figures changed since
 * that day: for the others the figures then were the figures now (or there were none).
 */
async function gatherFigures(
  deps: PackDeps,
  scope: ScopeItems,
  area: { code: string; name: string },
  asOf: string,
  since: string | null,
) {
  const items = scopeIndicators(scope)
  const facts = await indicatorDataFacts(
    deps.db,
    items.map((i) => i.id),
    area.code,
    since ? endOfDay(since) : null,
  )
  const now = await figuresAsOf(
    deps.db,
    deps.threshold,
    deps.model,
    items,
    area,
    endOfDay(asOf),
    new Set(facts.withAreaData),
  )
  const rowOf = (item: Item) => scoreRow(now.rows.get(item.id)!, now.figures.get(item.id))
  const scorecards: Scorecard[] = scope.outcomes.map((o) => ({
    id: o.id,
    title: String(o.detail.shortTitle ?? o.title),
    rows: (scope.indicators.get(`${o.strategyId}:${o.id}`) ?? []).map(rowOf),
  }))
  const curves = new Map(
    items.map((item) => [item.id, curvePoints(rowOf(item), now.points, area.code, now.definitions.get(item.id))]),
  )
  if (!since)
    return {
      scorecards,
      rowsThen: new Map<string, ScoreRow>(),
      pointsNow: now.points,
      pointsThen: [],
      curves,
      formats: now.definitions,
    }
  const then = await figuresAsOf(
    deps.db,
    deps.threshold,
    deps.model,
    items,
    area,
    endOfDay(since),
    new Set(facts.changedSince),
  )
  const same = new Set(
    facts.withAreaData.filter((id) => !facts.changedSince.includes(id) && !facts.newSince.includes(id)),
  )
  const rowsThen = new Map(
    items.map((item) => [
      item.id,
      same.has(item.id) ? rowOf(item) : scoreRow(then.rows.get(item.id)!, then.figures.get(item.id)),
    ]),
  )
  const pointsThen = [...then.points, ...now.points.filter((p) => same.has(p.indicatorId))]
  return { scorecards, rowsThen, pointsNow: now.points, pointsThen, curves, formats: now.definitions }
}

/** The actions in the pack's scope as lines, and every action's line (for those arising at the last meeting). */
export async function gatherActions(deps: PackDeps, scope: ScopeItems, asOf: string) {
  const { db, model } = deps
  const boardKeys = new Set(scope.boards.map((b) => `${b.strategyId}:${b.id}`))
  const [records, meetings] = await Promise.all([findActions(db), listMeetings(db)])
  const existing = records.filter((a) => a.createdOn <= asOf)
  const links = await indicatorIdsOf(
    db,
    existing.map((a) => a.id),
  )
  const intentionOutcome = new Map(
    model.ofKind('intention').flatMap((i) => (i.parentId ? [[i.id, i.parentId] as const] : [])),
  )
  const actionScope = {
    outcomeIds: new Set(scope.outcomes.map((o) => o.id)),
    intentionOutcome,
    indicatorIds: new Set(scopeIndicators(scope).map((i) => i.id)),
    meetingIds: new Set(meetings.filter((x) => boardKeys.has(`${x.strategyId}:${x.boardId}`)).map((x) => x.id)),
  }
  const updates = await latestUpdates(
    db,
    existing.map((a) => a.id),
    asOf,
  )
  const all = new Map(existing.map((a) => [a.id, actionLine(a, asOf, updates.get(a.id))]))
  const scoped = existing.filter((a) => actionInScope(a, links.get(a.id) ?? [], actionScope))
  return { inScope: scoped.map((a) => all.get(a.id)!), all, links, records: scoped, actionScope }
}

/** The risks and issues in the board's scope, each with why it is an exception (if it is). */
export async function gatherRisks(
  deps: PackDeps,
  board: Item,
  scope: ScopeItems,
  asOf: string,
  since: string | null,
): Promise<RiskWithReasons[]> {
  const { db, model } = deps
  const rows = (await listRisks(db)).filter((r) => r.createdAt < endOfDay(asOf))
  const ids = rows.map((r) => r.id)
  const [escalations, links] = await Promise.all([findEscalations(db, ids), riskLinks(db, ids)])
  const facts: RiskFacts[] = rows.map((row) => ({
    row,
    escalations: escalations.get(row.id) ?? [],
    links: links.get(row.id) ?? { outcomes: [], indicators: [] },
  }))
  const boardIds = new Set(scope.boards.map((b) => b.id))
  const outcomeIds = new Set(scope.outcomes.map((o) => o.id))
  const indicatorIds = new Set(scopeIndicators(scope).map((i) => i.id))
  const names = new Map(model.ofKind('body').map((b) => [b.id, b.title]))
  const appetite = riskAppetite().score
  return facts
    .filter((f) => riskInScope(f, board.id, boardIds, outcomeIds, indicatorIds))
    .map((f) => {
      const line = riskLine(f, board.id, names, appetite)
      const window = riskWindow(f, since, asOf)
      const escalation = [...f.escalations].reverse().find((e) => e.toBoardId === board.id)
      return {
        line,
        reasons: riskReasons(line, f, window, board.id),
        commentary: escalation?.reason ?? null,
        commentaryDate: escalation ? escalation.at.slice(0, 10) : null,
        isNew: window.isNew,
        closed: window.closed,
      }
    })
}

async function gatherArising(deps: PackDeps, last: Meeting | null, actions: ReadonlyMap<string, ActionLine>) {
  if (!last) return { meeting: null, decisions: [], actions: [] }
  const [decisions, ids] = await Promise.all([decisionsFor(deps.db, last.id), actionIdsFor(deps.db, last.id)])
  return {
    meeting: meetingOf(last),
    decisions: decisions.map((d) => ({ text: d.text, date: formatDate(d.decidedOn) })),
    actions: ids.flatMap((id) => (actions.has(id) ? [actions.get(id)!] : [])),
  }
}

/** The pack of `board` for one of its meetings, as the data stood at the end of `asOf`. */
export async function preparePack(
  deps: PackDeps,
  board: Item,
  meetingId: string,
  asOfDay?: string,
  now = new Date(),
): Promise<PackContent> {
  const meeting = await findMeeting(deps.db, meetingId)
  if (!meeting || meeting.strategyId !== board.strategyId || meeting.boardId !== board.id)
    throw new PackRequestError(`The ${board.title} has no meeting ${meetingId}`)
  const today = todayInLondon(now)
  const asOf = asOfDay ?? (meeting.meetsOn < today ? meeting.meetsOn : today)
  const last = previousMeeting(
    await listMeetings(deps.db, { strategyId: board.strategyId, boardId: board.id }),
    meeting,
  )
  const since = last && last.meetsOn < asOf ? last.meetsOn : null
  // A pack may be published (the public archive): its indicators are the public's (visibility tiers).
  const scope = scopeItems((await sightOf(deps.db, deps.model, PUBLIC_VIEWER)).model, board)
  const strategy = deps.model.strategyOf(board)
  const code = strategyArea(strategy)
  const area = { code, name: await areaName(deps.db, code) }
  const [figures, actions, risks, papers] = await Promise.all([
    gatherFigures(deps, scope, area, asOf, since),
    gatherActions(deps, scope, asOf),
    gatherRisks(deps, board, scope, asOf, since),
    papersFor(deps.db, meeting.id),
  ])
  const exceptionIndicators = figures.scorecards
    .flatMap((s) => s.rows)
    .filter((r) => r.trend === 'worsening')
    .map((r) => r.indicatorId)
  const stories = new Map(
    await Promise.all(
      [...new Set(exceptionIndicators)].map(async (id) => [id, await currentCommentary(deps.db, id)] as const),
    ),
  )
  const input: PackInputs = {
    board: {
      strategyId: board.strategyId,
      id: board.id,
      title: board.title,
      strategyTitle: String(strategy.detail.shortTitle ?? strategy.title),
    },
    meeting: meetingOf(meeting),
    since,
    asOf,
    generatedAt: now.toISOString(),
    area,
    scope: describeScope(deps.model, board, scope),
    threshold: deps.threshold,
    appetite: riskAppetite(),
    scorecards: figures.scorecards,
    rowsThen: figures.rowsThen,
    pointsThen: figures.pointsThen,
    pointsNow: figures.pointsNow,
    curvePoints: figures.curves,
    formats: figures.formats,
    stories,
    actions: actions.inScope,
    actionIndicators: actions.links,
    risks,
    arising: await gatherArising(deps, last, actions.all),
    papers: papers.map((p) => ({ title: p.title, url: p.url, restricted: p.restricted })),
  }
  return buildPack(input)
}
