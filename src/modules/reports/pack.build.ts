/**
 * The pack assembled from what the services returned. Pure: gathered facts in, PackContent out,
 * so every rule about what is an exception, what goes on a turn-the-curve page and what the
 * contents list is can be tested without a database.
 */
import { formatDate } from '../../lib/dates.js'
import { actionReasons } from './pack.delivery.js'
import { figureChanges, revisions } from './pack.since.js'
import { packKey } from './pack.key.js'
import type { PublicPoint } from '../disclosure/public-data.js'
import type { Commentary } from '../indicators/commentary.service.js'
import type {
  ActionLine,
  Arising,
  CurvePage,
  CurvePoint,
  PackBoard,
  PackContent,
  PackException,
  PackLink,
  PackMeeting,
  PackScope,
  PaperLine,
  RiskLine,
  Scorecard,
  ScoreRow,
} from './pack.types.js'
import { PACK_SCHEMA } from './pack.types.js'

export interface RiskWithReasons {
  line: RiskLine
  reasons: string[]
  /** The latest escalation's reason to this board, as the risk's commentary. */
  commentary: string | null
  commentaryDate: string | null
  isNew: boolean
  closed: boolean
}

export interface PackInputs {
  board: PackBoard
  meeting: PackMeeting
  /** The last meeting's day when it came before the data's day: what "since the last meeting" runs from. */
  since: string | null
  asOf: string
  generatedAt: string
  area: { code: string; name: string }
  scope: PackScope
  threshold: number
  appetite: { score: number; words: string }
  scorecards: Scorecard[]
  /** The scorecard rows as the data stood on the last meeting's day (none without a last meeting). */
  rowsThen: ReadonlyMap<string, ScoreRow>
  pointsThen: readonly PublicPoint[]
  pointsNow: readonly PublicPoint[]
  curvePoints: ReadonlyMap<string, CurvePoint[]>
  /** Each indicator's stated precision (decimal places), where known. */
  formats?: ReadonlyMap<string, { decimals?: number | null }>
  stories: ReadonlyMap<string, Commentary | null>
  actions: ActionLine[]
  /** Indicator ids each action aims to move. */
  actionIndicators: ReadonlyMap<string, readonly string[]>
  risks: RiskWithReasons[]
  arising: Arising
  papers: PaperLine[]
}

const isWorse = (c: string) => c === 'Worse'

/** An indicator is an exception when significantly worse than England or London and getting worse. */
export function indicatorReasons(row: ScoreRow): string[] {
  if (row.suppressed || row.trend !== 'worsening') return []
  const worse = [
    isWorse(row.englandComparison) ? 'England' : null,
    isWorse(row.londonComparison) ? 'London' : null,
  ].filter(Boolean)
  if (!worse.length) return []
  return [
    `Significantly worse than ${worse.join(' and ')}`,
    `Getting worse (recent trend: ${row.trendLabel.toLowerCase()})`,
  ]
}

function uniqueRows(scorecards: readonly Scorecard[]): ScoreRow[] {
  const seen = new Map<string, ScoreRow>()
  for (const s of scorecards) for (const r of s.rows) if (!seen.has(r.indicatorId)) seen.set(r.indicatorId, r)
  return [...seen.values()]
}

function exceptionsOf(input: PackInputs): PackException[] {
  const indicators = uniqueRows(input.scorecards).flatMap((row): PackException[] => {
    const reasons = indicatorReasons(row)
    if (!reasons.length) return []
    const story = input.stories.get(row.indicatorId)?.storyMd?.trim() || null
    return [
      {
        id: `exception-indicator-${row.indicatorId}`,
        kind: 'indicator',
        reference: row.title,
        title: row.finding ?? row.title,
        href: row.href,
        reasons,
        commentary: story,
        commentaryDate: null,
        owner: null,
        boardOnly: false,
      },
    ]
  })
  const actions = input.actions.flatMap((a): PackException[] => {
    const reasons = actionReasons(a)
    if (!reasons.length) return []
    return [
      {
        id: `exception-action-${a.id}`,
        kind: 'action',
        reference: a.reference,
        title: a.title,
        href: a.href,
        reasons,
        commentary: a.lastCommentary,
        commentaryDate: a.lastUpdate,
        owner: a.owner,
        boardOnly: false,
      },
    ]
  })
  const risks = input.risks
    .filter((r) => r.reasons.length)
    .map((r): PackException => ({
      id: `exception-risk-${r.line.id}`,
      kind: 'risk',
      reference: r.line.reference,
      title: r.line.title,
      href: r.line.href,
      reasons: r.reasons,
      commentary: r.commentary,
      commentaryDate: r.commentaryDate,
      owner: r.line.owner,
      boardOnly: true,
    }))
  return [...indicators, ...actions, ...risks]
}

function curvesOf(input: PackInputs, exceptions: readonly PackException[]): CurvePage[] {
  const rows = new Map(uniqueRows(input.scorecards).map((r) => [r.indicatorId, r]))
  return exceptions
    .filter((e) => e.kind === 'indicator')
    .map((e) => {
      const id = e.id.replace('exception-indicator-', '')
      const row = rows.get(id)!
      const story = input.stories.get(id) ?? null
      return {
        exceptionId: e.id,
        indicatorId: id,
        title: row.title,
        href: row.href,
        finding: row.finding,
        unit: row.unit,
        decimals: input.formats?.get(id)?.decimals ?? null,
        areaName: input.area.name,
        points: input.curvePoints.get(id) ?? [],
        storyMd: story?.storyMd.trim() || null,
        partnersMd: story?.partnersMd.trim() || null,
        whatWorksMd: story?.whatWorksMd.trim() || null,
        actions: input.actions.filter((a) => (input.actionIndicators.get(a.id) ?? []).includes(id)),
      }
    })
}

function contentsOf(scorecards: readonly Scorecard[], curves: readonly CurvePage[]): PackLink[] {
  return [
    { text: 'How to read this pack', href: '#key' },
    { text: 'Since the last meeting', href: '#since' },
    { text: 'Exceptions', href: '#exceptions' },
    ...scorecards.map((s) => ({ text: `Scorecard: ${s.title}`, href: `#scorecard-${s.id}` })),
    ...curves.map((c) => ({ text: `Turning the curve: ${c.title}`, href: `#curve-${c.indicatorId}` })),
    { text: 'Decisions and actions arising from the last meeting', href: '#arising' },
    { text: 'Appendix A: every action in scope', href: '#appendix-actions' },
    { text: 'Appendix B: every risk and issue in scope', href: '#appendix-risks' },
  ]
}

export function buildPack(input: PackInputs): PackContent {
  const exceptions = exceptionsOf(input)
  const curves = curvesOf(input, exceptions)
  const rows = uniqueRows(input.scorecards)
  const since = input.since
  const changes = since ? figureChanges(input.rowsThen, rows) : { newData: [], changed: [] }
  return {
    schema: PACK_SCHEMA,
    audience: 'board',
    board: input.board,
    meeting: input.meeting,
    asOf: input.asOf,
    asOfText: formatDate(input.asOf),
    generatedAt: input.generatedAt,
    area: input.area,
    scope: input.scope,
    empty: rows.every((r) => r.periodKey === null) && input.actions.length === 0 && input.risks.length === 0,
    contents: contentsOf(input.scorecards, curves),
    key: packKey(input.threshold, input.appetite.score),
    appetite: input.appetite,
    since: {
      since,
      sinceText: since ? formatDate(since) : null,
      ...changes,
      revisions: since ? revisions(input.pointsThen, input.pointsNow, rows, input.area.code, since) : [],
      newRisks: input.risks.filter((r) => r.isNew).map((r) => r.line),
      closedRisks: input.risks.filter((r) => r.closed).map((r) => r.line),
    },
    exceptions,
    scorecards: input.scorecards,
    curves,
    arising: input.arising,
    papers: input.papers,
    appendices: { actions: input.actions, risks: input.risks.map((r) => r.line) },
  }
}

/**
 * The public version: what anyone may read. The risk log is for partners, so risks go (and every
 * exception built on one); restricted papers go; decisions of a meeting held in private go.
 * Figures already passed disclosure control when the pack was built.
 */
export function publicVersion(content: PackContent): PackContent {
  const arisingPublic = content.arising.meeting === null || content.arising.meeting.public
  return {
    ...content,
    audience: 'public',
    contents: content.contents.filter((c) => c.href !== '#appendix-risks'),
    exceptions: content.exceptions.filter((e) => !e.boardOnly),
    since: { ...content.since, newRisks: [], closedRisks: [] },
    arising: { ...content.arising, decisions: arisingPublic ? content.arising.decisions : [] },
    papers: content.papers.filter((p) => !p.restricted),
    appendices: { actions: content.appendices.actions, risks: [] },
  }
}
