/**
 * A board performance pack as one plain, JSON-safe data structure. Everything a reader sees is in
 * here as it was shown (figures as numbers and as the words printed, labels, comments, actions,
 * risks), so a signed-off pack is this object frozen, and every output (the page, the PDF, the
 * workbook) is drawn from it alone. No Dates, no functions, no Maps: it must survive JSON.
 */

export const PACK_SCHEMA = 1

export interface PackLink {
  text: string
  href: string
}

export interface PackBoard {
  strategyId: string
  id: string
  title: string
  strategyTitle: string
}

export interface PackMeeting {
  id: string
  title: string
  meetsOn: string
  date: string
  public: boolean
}

/** What the pack covers: the board and those that answer to it, and the outcomes they hold. */
export interface PackScope {
  boards: { id: string; title: string }[]
  outcomes: { id: string; title: string; shortTitle: string }[]
  /** In words, for the cover: why these boards and outcomes. */
  description: string
}

/** One indicator's headline figure for the area, as the scorecard prints it. */
export interface ScoreRow {
  indicatorId: string
  title: string
  href: string
  /** Where no figure for everyone exists, the breakdown shown ("Female"). */
  breakdown: string | null
  breakdownKey: string | null
  periodKey: string | null
  period: string | null
  value: number | null
  valueText: string
  lower: number | null
  upper: number | null
  unit: string
  suppressed: boolean
  englandText: string
  londonText: string
  /** Fingertips' comparison labels: Better, Similar, Worse, Higher, Lower, Not compared. */
  englandComparison: string
  londonComparison: string
  /** The scorecard status against England, and its words. */
  status: string
  statusText: string
  trendLabel: string
  /** improving, worsening or other. */
  trend: string
  finding: string | null
}

export interface Scorecard {
  id: string
  title: string
  rows: ScoreRow[]
}

export type ExceptionKind = 'indicator' | 'action' | 'risk'

export interface PackException {
  /** Anchor id, unique in the pack. */
  id: string
  kind: ExceptionKind
  reference: string
  title: string
  href: string
  /** Why it is an exception, each in words ("Off track", "No update for 9 weeks"). */
  reasons: string[]
  /** The owner's or analyst's words; null when none was written (the pack says so). */
  commentary: string | null
  commentaryDate: string | null
  owner: string | null
  /** Board-only: left out of the public version (the risk log is for partners). */
  boardOnly: boolean
}

export interface CurvePoint {
  periodKey: string
  period: string
  value: number | null
  lower: number | null
  upper: number | null
  england: number | null
  london: number | null
  /** Why a value is missing (suppressed), in words. */
  note: string | null
}

/** A turn-the-curve page: the history, the story behind the curve, and the actions linked to it. */
export interface CurvePage {
  exceptionId: string
  indicatorId: string
  title: string
  href: string
  finding: string | null
  unit: string
  /** Decimal places its values are shown to; absent in packs frozen before precision was stated. */
  decimals?: number | null
  areaName: string
  points: CurvePoint[]
  /** The analysts' story behind the curve (Markdown), or null when none is written. */
  storyMd: string | null
  partnersMd: string | null
  whatWorksMd: string | null
  actions: ActionLine[]
}

export interface ActionLine {
  id: string
  reference: string
  title: string
  href: string
  owner: string
  due: string | null
  status: string
  statusLabel: string
  overdue: boolean
  stale: boolean
  weeksSinceUpdate: number
  lastUpdate: string | null
  lastCommentary: string | null
}

export interface RiskLine {
  id: string
  reference: string
  kind: string
  title: string
  href: string
  owner: string
  residualScore: number | null
  rating: string
  status: string
  statusLabel: string
  board: string | null
  createdOn: string
  /** The day the record last changed (London). */
  lastUpdated?: string
  escalatedHere: boolean
  aboveAppetite: boolean
}

export interface FigureChange {
  indicatorId: string
  title: string
  period: string
  /** "New figure", "Comparison changed", "Trend changed", "Revised". */
  change: string
  before: string | null
  after: string
}

export interface SinceLastMeeting {
  /** The last meeting's date, or null when this board has none before this one. */
  since: string | null
  sinceText: string | null
  newData: FigureChange[]
  changed: FigureChange[]
  revisions: FigureChange[]
  newRisks: RiskLine[]
  closedRisks: RiskLine[]
}

export interface Arising {
  meeting: PackMeeting | null
  decisions: { text: string; date: string }[]
  actions: ActionLine[]
}

export interface PaperLine {
  title: string
  url: string
  restricted: boolean
}

/** A symbol, colour or term and what it means, in words. */
export interface KeyEntry {
  term: string
  meaning: string
}

export interface PackContent {
  schema: typeof PACK_SCHEMA
  /** 'board' for the board's own pack; 'public' once board-only items are taken out. */
  audience: 'board' | 'public'
  board: PackBoard
  meeting: PackMeeting
  /** The data as it stood at the end of this day (London). */
  asOf: string
  asOfText: string
  generatedAt: string
  area: { code: string; name: string }
  scope: PackScope
  /** Said on the cover when nothing is in scope (no outcomes, no actions, no risks). */
  empty: boolean
  contents: PackLink[]
  key: KeyEntry[]
  appetite: { score: number; words: string }
  since: SinceLastMeeting
  exceptions: PackException[]
  scorecards: Scorecard[]
  curves: CurvePage[]
  arising: Arising
  papers: PaperLine[]
  appendices: { actions: ActionLine[]; risks: RiskLine[] }
}
