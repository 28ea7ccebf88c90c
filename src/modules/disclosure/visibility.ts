/**
 * The one read layer that decides what each viewer may see (issue #16): which indicators and
 * breakdowns, and their figures. The public always gets publicPoints/publicSummaries (disclosure
 * control, restricted figures left out: tiers.ts). A partner or board member gets, besides, the
 * restricted figures their tier allows (accounts/access.ts canSeeTier), still disclosure controlled
 * unless the indicator's data-sharing basis lets them see small counts; the pages mark those
 * figures "Restricted: partners only" or "Restricted: board only". Indicators a viewer may not see
 * are left out of the read model the pages are built from, so they are absent from every list,
 * table and search, and a page of one is a 404.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { WebDeps } from '../module-deps.js'
import { todayInLondon } from '../../lib/dates.js'
import {
  canSeeTier,
  PUBLIC_VIEWER,
  restrictedLabel,
  viewerOf,
  type SessionUser,
  type Tier,
  type Viewer,
} from '../accounts/access.js'
import { boardsByIndicator } from '../boards/board-scope.js'
import { seatedBoards } from '../boards/board-seats.repository.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { withoutItems } from '../strategy/read-model-filter.js'
import { readPoints, readSummaries } from './disclosure.repository.js'
import {
  controlledPoints,
  controlledSummaries,
  publicPoints,
  publicSummaries,
  type PointQuery,
  type PublicPoint,
  type PublicSummaryRow,
} from './public-data.js'
import { readTierMap, type TierMap } from './tiers.js'

export type { Tier, Viewer }
export { PUBLIC_VIEWER }

/** What one viewer may see. */
export interface Sight {
  viewer: Viewer
  tiers: TierMap
  /** Whether the viewer may see the indicator (its total's tier) or, given a category type, that breakdown. */
  canSee(indicatorId: string, categoryType?: string): boolean
  /** The tag a figure the viewer sees carries ("Restricted: board only"); null for a public one. */
  label(indicatorId: string, categoryType?: string): string | null
  /** The strategies as this viewer may see them: indicators they may not see left out. */
  model: StrategyReadModel
}

/** The viewer a signed-in user (or the public, null) is, with their organisation's current board seats. */
export async function viewerFor(db: Kysely<Database>, user: SessionUser | null): Promise<Viewer> {
  if (!user || user.role !== 'board_member' || !user.organisationId) return viewerOf(user, [])
  return viewerOf(user, await seatedBoards(db, user.organisationId, todayInLondon()))
}

export async function sightOf(db: Kysely<Database>, m: StrategyReadModel, viewer: Viewer): Promise<Sight> {
  const tiers = await readTierMap(db)
  const restricted = tiers.restricted()
  const boards = viewer.kind === 'board' && restricted.length ? boardsByIndicator(m) : new Map<string, string[]>()
  const canSee = (id: string, categoryType?: string) =>
    canSeeTier(viewer, tiers.tierOf(id, categoryType), boards.get(id) ?? [])
  const hidden = new Set(restricted.filter((id) => !canSee(id)))
  const sight: Sight = {
    viewer,
    tiers,
    canSee,
    label: (id, categoryType) => restrictedLabel(tiers.tierOf(id, categoryType)),
    // Always a model of its own, so the figures read for it follow its viewer (sightBehind).
    model: withoutItems(m, (i) => i.kind === 'indicator' && hidden.has(i.id)),
  }
  sights.set(sight.model, sight)
  return sight
}

const sights = new WeakMap<StrategyReadModel, Sight>()

/**
 * The sight a read model was made for (by sightOf), so whatever builds figures from a model reads
 * them as its viewer may see them; a model straight from the strategy service is the public's.
 */
export function sightBehind(m: StrategyReadModel): Sight | undefined {
  return sights.get(m)
}

/** The public's sight: for what is public whoever asks (feeds, embeds, published reports). */
export async function publicSight(deps: WebDeps): Promise<Sight> {
  return sightOf(deps.db, await deps.strategies.readModel(), PUBLIC_VIEWER)
}

/** The request's sight: its user's viewer over the current read model. */
export async function sightFor(deps: WebDeps, user: SessionUser | null): Promise<Sight> {
  const m = await deps.strategies.readModel()
  return sightOf(deps.db, m, await viewerFor(deps.db, user))
}

/** The points a viewer may see: the public's, or every tier's they are allowed. */
export async function seenPoints(
  db: Kysely<Database>,
  threshold: number,
  sight: Sight | undefined,
  query: PointQuery,
): Promise<PublicPoint[]> {
  if (!sight || sight.viewer.kind === 'public') return publicPoints(db, threshold, query)
  const points = (await controlledPoints(db, threshold, query)).filter((p) =>
    sight.canSee(p.indicatorId, p.categoryType),
  )
  return unsuppressPoints(db, sight, points)
}

/** The summaries a viewer may see, as seenPoints. */
export async function seenSummaries(
  db: Kysely<Database>,
  threshold: number,
  sight: Sight | undefined,
  query: { indicatorIds?: string[]; areaCodes?: string[] },
): Promise<PublicSummaryRow[]> {
  if (!sight || sight.viewer.kind === 'public') return publicSummaries(db, threshold, query)
  const rows = (await controlledSummaries(db, threshold, query)).filter((r) =>
    sight.canSee(r.indicatorId, r.categoryType),
  )
  return unsuppressSummaries(db, sight, query, rows)
}

/** A restricted figure the data-sharing basis lets its viewers see whole. */
const mayUnsuppress = (sight: Sight, r: { indicatorId: string; categoryType: string; suppressed: unknown }) =>
  r.suppressed !== null &&
  sight.tiers.unsuppressed(r.indicatorId) &&
  sight.tiers.tierOf(r.indicatorId, r.categoryType) !== 'public'

/** Suppressed restricted points given back whole, where the basis allows: the version served, as stored. */
async function unsuppressPoints(db: Kysely<Database>, sight: Sight, points: PublicPoint[]) {
  const ids = [...new Set(points.filter((p) => mayUnsuppress(sight, p)).map((p) => p.indicatorId))]
  if (!ids.length) return points
  const version = (
    r: Pick<PublicPoint, 'indicatorId' | 'areaCode' | 'periodKey' | 'sex' | 'age' | 'categoryType' | 'category'>,
    at: number,
  ) => [r.indicatorId, r.areaCode, r.periodKey, r.sex, r.age, r.categoryType, r.category, at].join('|')
  const raw = new Map((await readPoints(db, { indicatorIds: ids })).map((r) => [version(r, r.recordedAt), r] as const))
  return points.map((p) => {
    const r = mayUnsuppress(sight, p) ? raw.get(version(p, Date.parse(p.recordedAt))) : undefined
    if (!r) return p
    const { value, lower95, upper95, lower998, upper998, count, denominator } = r
    return { ...p, value, lower95, upper95, lower998, upper998, count, denominator, suppressed: null }
  })
}

async function unsuppressSummaries(
  db: Kysely<Database>,
  sight: Sight,
  query: { areaCodes?: string[] },
  rows: PublicSummaryRow[],
) {
  const ids = [...new Set(rows.filter((r) => mayUnsuppress(sight, r)).map((r) => r.indicatorId))]
  if (!ids.length) return rows
  const key = (r: Omit<PublicSummaryRow, 'summary' | 'finding' | 'suppressed' | 'areaName' | 'periodLabel'>) =>
    [r.indicatorId, r.areaCode, r.sex, r.age, r.categoryType, r.category].join('|')
  const raw = new Map(
    (await readSummaries(db, { indicatorIds: ids, ...(query.areaCodes ? { areaCodes: query.areaCodes } : {}) })).map(
      (r) => [key(r), r] as const,
    ),
  )
  return rows.map((r) => {
    const stored = mayUnsuppress(sight, r) ? raw.get(key(r)) : undefined
    return stored ? { ...r, summary: stored.summary, finding: stored.finding, suppressed: null } : r
  })
}

/** The tiers' tags of the figures shown: one per restricted tier present, strictest first. */
export function restrictedTags(
  sight: Sight,
  rows: readonly { indicatorId: string; categoryType: string }[],
  indicatorId?: string,
): string[] {
  const tiers = new Set<Tier>()
  if (indicatorId) tiers.add(sight.tiers.tierOf(indicatorId))
  for (const r of rows) tiers.add(sight.tiers.tierOf(r.indicatorId, r.categoryType))
  return (['board', 'partners'] as const).filter((t) => tiers.has(t)).map((t) => restrictedLabel(t)!)
}
