/**
 * Everything the indicator page shows, read once per request: figures only through disclosure
 * control (public-data.ts), the indicator's metadata from its repository, the analysts' story,
 * the actions that serve it, its revisions and where its figures come from. The view builders
 * (indicator-page.ts and the files beside it) are pure; this is where the reading happens.
 */
import type { WebDeps } from '../../module-deps.js'
import type { Item, StrategyReadModel } from '../../strategy/strategy.read-model.js'
import { citation, linkTo } from '../../strategy/strategy.links.js'
import { goldenThread } from '../../strategy/strategy.thread.js'
import { restrictedTags, seenPoints, seenSummaries, sightBehind } from '../../disclosure/visibility.js'
import { actionsForIndicator } from '../../delivery/delivery.service.js'
import { ENGLAND, LONDON, LONDON_BOROUGHS } from '../../indicators/summaries/summarise.js'
import { findIndicator, type IndicatorRecord } from '../../indicators/indicators.repository.js'
import { groupMembers } from '../../indicators/comparator-groups.repository.js'
import { findReplacedValues } from '../../indicators/data-points.repository.js'
import { currentCommentary } from '../../indicators/commentary.service.js'
import { renderMarkdown } from '../../indicators/commentary.markdown.js'
import { OGL_ATTRIBUTION, needsOglAttribution, provenanceFor } from '../../sources/source-provenance.js'
import { lastLoadedFor } from '../../sources/sources.repository.js'
import { nextPeriod } from '../../sources/coverage.js'
import { formatLongDate } from '../../../lib/dates.js'
import { indicatorFigures } from './indicator-figures.js'
import {
  indicatorPage,
  metadataRows,
  revisionNotes,
  type IndicatorPageView,
  type PageIndicator,
} from './indicator-page.js'
import { pastSuppression } from './revisions.js'
import { formatOf } from './page-context.js'
import { valueFormatOf } from '../../indicators/value-format.js'
import { listAmendments, releaseFigures } from '../../indicators/releases/releases.repository.js'
import { amendmentRows, figureRows } from '../../indicators/releases/releases.view.js'

/** The partnership's own area when a strategy does not name one. */
const DEFAULT_AREA = 'E09000002'

const SECTIONS = [
  { id: 'latest', text: 'Latest figures' },
  { id: 'history', text: 'How it is changing' },
  { id: 'boroughs', text: 'Compared with other London boroughs' },
  { id: 'inequalities', text: 'Inequalities' },
  { id: 'story', text: 'The story behind the curve' },
  { id: 'revisions', text: 'Revisions' },
  { id: 'amendments', text: 'Amendments' },
  { id: 'definition', text: 'Definition and source' },
  { id: 'golden-thread', text: 'Where it fits in the strategy' },
]

export type LoadedFigures = Awaited<ReturnType<typeof loadFigures>>

/** Everything the figures need, read through disclosure control, and the view model built from it. */
export async function loadFigures(deps: WebDeps, m: StrategyReadModel, item: Item) {
  const { db } = deps
  const threshold = deps.config.disclosureThreshold
  const primaryArea = String(m.strategyOf(item).detail.areaCode ?? DEFAULT_AREA)
  const [record, boroughs] = await Promise.all([findIndicator(db, item.id), groupMembers(db, LONDON_BOROUGHS)])
  const areaCodes = [...new Set([primaryArea, LONDON, ENGLAND, ...boroughs])]
  // As the viewer the model was made for may see them (disclosure/visibility.ts); the public's otherwise.
  const sight = sightBehind(m)
  const [points, summaries] = record
    ? await Promise.all([
        seenPoints(db, threshold, sight, { indicatorIds: [item.id], areaCodes }),
        seenSummaries(db, threshold, sight, { indicatorIds: [item.id], areaCodes }),
      ])
    : [[], []]
  // A figure quoted from a strategy's source document names the document, not its file.
  const titles = new Map(
    m.strategies.flatMap((s) =>
      ((s.detail.sources ?? []) as { file: string; title: string }[]).map((d) => [d.file, d.title] as const),
    ),
  )
  const documentTitle = (source: string) => titles.get(source) ?? source
  const indicator = pageIndicator(item, record, [...new Set(points.map((p) => documentTitle(p.source)))])
  const page = indicatorPage({ indicator, primaryArea, boroughs, points, summaries, dataHref: dataHref(m, item) })
  return {
    known: record !== null,
    record,
    indicator,
    unit: formatOf(indicator),
    primaryArea,
    points,
    summaries,
    page,
    documentTitle,
    /** "Restricted: board only" and the like, for the figures shown that are not public. */
    restricted: sight ? restrictedTags(sight, points, item.id) : [],
  }
}

/** What the view builders need of the indicator: its metadata, where known, and every source of its figures. */
function pageIndicator(item: Item, record: IndicatorRecord | null, sources: string[]): PageIndicator {
  const meta = record?.metadata
  const dataSource = meta && meta.data_source !== 'tbc' ? meta.data_source : null
  return {
    id: item.id,
    name: record?.name ?? item.title,
    unit: meta && meta.unit !== 'tbc' ? meta.unit : '',
    ...(meta ? { decimals: valueFormatOf(meta).decimals } : {}),
    valueType: meta?.value_type ?? 'tbc',
    ciMethod: meta?.ci_method ?? 'tbc',
    multiplier: typeof meta?.multiplier === 'number' ? meta.multiplier : null,
    source: [dataSource, ...sources.filter((s) => s !== dataSource)].filter(Boolean).join('; '),
  }
}

/** A download's address: the strategy is named only where the indicator's id is ambiguous. */
function dataHref(m: StrategyReadModel, item: Item) {
  const base = `/indicators/${encodeURIComponent(item.id)}/data`
  const ambiguous = m.ambiguous(item)
  return (view: string, format: string, type?: string) => {
    const query = new URLSearchParams()
    if (ambiguous) query.set('strategy', item.strategyId)
    if (type) query.set('type', type)
    const q = query.toString()
    return `${base}/${view}.${format}${q ? `?${q}` : ''}`
  }
}

/** The page's extras, read only for an indicator the database knows. */
async function readExtras(deps: WebDeps, data: LoadedFigures, indicatorId: string) {
  const { db } = deps
  const [commentary, actions, revisions, loaded, amendments] = await Promise.all([
    currentCommentary(db, indicatorId),
    data.known ? actionsForIndicator(db, indicatorId) : Promise.resolve([]),
    data.known ? findReplacedValues(db, indicatorId, data.primaryArea) : Promise.resolve([]),
    data.known ? lastLoadedFor(db, indicatorId, data.primaryArea) : Promise.resolve(null),
    data.known ? listAmendments(db, { indicatorId }) : Promise.resolve([]),
  ])
  const own = data.points.filter((p) => p.areaCode === data.primaryArea)
  const notes = revisionNotes(revisions, own, {
    unit: data.unit,
    suppressed: pastSuppression(deps.config.disclosureThreshold, data.indicator),
  })
  return { commentary, actions, revisions: notes, loaded, amendments: amendmentRows(amendments) }
}

/**
 * Figures of releases not yet published, for a viewer allowed to see drafts (analysts: the caller
 * decides): shown under a "draft" banner, apart from the public figures, which stay as published.
 */
async function draftFigures(deps: WebDeps, indicatorId: string, show: boolean) {
  if (!show) return null
  const figures = await releaseFigures(deps.db, { indicatorId })
  return {
    rows: figureRows(figures.slice(0, 200)),
    count: figures.length,
    releases: [...new Set(figures.map((f) => f.releaseId))].map((id) => ({ id, href: `/releases/${id}` })),
  }
}

/** How fresh the primary area's figures are, and when the publisher's next ones are due. */
function freshness(data: LoadedFigures, page: IndicatorPageView, loaded: Date | null, yearly: boolean): string | null {
  if (!loaded) return null
  const latestPeriod = data.summaries.find((s) => s.areaCode === data.primaryArea)?.periodLabel ?? null
  const next = yearly && latestPeriod ? nextPeriod(latestPeriod) : null
  return (
    `${page.areaName}'s figures were last loaded on ${formatLongDate(loaded)}.` +
    (next ? ` The publisher updates them yearly: the next are for ${next}.` : '')
  )
}

export interface PageRequest {
  /** The strategy named in the query, kept in the commentary link. */
  strategyQuery?: string
  canEditCommentary: boolean
  /**
   * Whether the viewer sees figures of releases not yet published, given the organisation that owns
   * the indicator (its metadata's owner_organisation): canSeeIndicatorDrafts.
   */
  showDrafts?: (ownerOrganisation: string | null) => boolean
}

/** The indicator page's whole view: figures, story, actions, revisions, definition and golden thread. */
export async function indicatorPageView(deps: WebDeps, m: StrategyReadModel, item: Item, request: PageRequest) {
  const data = await loadFigures(deps, m, item)
  const { page } = data
  const [extras, drafts] = await Promise.all([
    readExtras(deps, data, item.id),
    draftFigures(
      deps,
      item.id,
      data.known && request.showDrafts?.(data.record?.metadata.owner_organisation ?? null) === true,
    ),
  ])
  const provenance = provenanceFor(item.id)
  const pagePath = linkTo(m, item).href
  const { commentary } = extras
  return {
    strategyName: m.strategies[0]?.detail.shortTitle,
    indicator: { ...item, citation: citation(m, item) },
    ambiguous: m.ambiguous(item),
    strategy: linkTo(m, m.strategyOf(item)),
    thread: goldenThread(m, item),
    // The page's own address before the anchor: the contents work without script and from a cached copy.
    contents: SECTIONS.map((s) => ({ href: `${pagePath}#${s.id}`, text: s.text })),
    hasData: data.points.length > 0 || data.summaries.length > 0,
    finding: page.finding,
    areaName: page.areaName,
    figures: indicatorFigures(data.summaries, { unit: data.unit, primaryArea: data.primaryArea }).map((r) => ({
      ...r,
      source: data.documentTitle(r.source),
    })),
    freshness: freshness(data, page, extras.loaded, provenance?.yearly ?? false),
    provenance,
    attribution: needsOglAttribution(data.points.map((p) => p.source)) ? OGL_ATTRIBUTION : null,
    history: page.history,
    boroughs: page.boroughs,
    neighbourRanks: page.neighbourRanks,
    breakdowns: page.breakdowns,
    breakdownsReason: page.breakdownsReason,
    gaps: page.gaps,
    gapsReason: page.gapsReason,
    metadata: data.record ? metadataRows(data.record.metadata) : [],
    known: data.known,
    commentary: commentary && {
      story: renderMarkdown(commentary.storyMd),
      partners: renderMarkdown(commentary.partnersMd),
      whatWorks: renderMarkdown(commentary.whatWorksMd),
      updated: formatLongDate(commentary.updatedAt),
    },
    canEditCommentary: data.known && request.canEditCommentary,
    commentaryHref: `/indicators/${item.id}/commentary${request.strategyQuery ? `?strategy=${encodeURIComponent(request.strategyQuery)}` : ''}`,
    actions: extras.actions,
    revisions: extras.revisions,
    amendments: extras.amendments,
    drafts: drafts && drafts.count ? drafts : null,
    restricted: data.restricted,
  }
}
