/**
 * A pack's content as its templates need it: charts drawn, Markdown rendered, tag colours chosen,
 * dates in words, and revisions noted against a frozen figure. Pure: the same content always gives
 * the same view, so the page, the HTML file and the PDF are one rendering of one object.
 */
import { lineChart, type LineSeries } from '../charts/index.js'
import { statusColour, type Status } from '../dashboard/scorecard.js'
import { formatDate, formatDateTime } from '../../lib/dates.js'
import { statusTagClass } from '../delivery/delivery.domain.js'
import { renderMarkdown } from '../indicators/commentary.markdown.js'
import { formatValue, type ValueFormat } from '../indicators/value-format.js'
import { RATING_BANDS } from '../risks/risks.domain.js'
import type { ActionLine, CurvePage, PackContent, PackException, RiskLine, ScoreRow } from './pack.types.js'

export interface PackStatus {
  /** "Draft", "Signed off", or "Not saved" for a pack shown straight from the live data. */
  label: string
  version: number | null
  signedOffBy: string | null
  signedOffOn: string | null
  reason: string | null
  contentHash: string | null
}

const NO_COMMENTARY: Record<PackException['kind'], string> = {
  indicator: 'No commentary: no analyst has written the story behind this curve.',
  action: 'No commentary: the owner has not posted a progress update.',
  risk: 'No commentary: the owner has written nothing on this risk for the board.',
}

function chartOf(c: CurvePage): string | null {
  if (c.points.filter((p) => p.value !== null).length < 2) return null
  const xLabels = c.points.map((p) => p.period)
  const series: LineSeries[] = [
    {
      name: c.areaName,
      kind: 'primary',
      points: c.points.map((p) => ({
        x: p.period,
        y: p.value,
        lower: p.lower,
        upper: p.upper,
        note: p.note ?? undefined,
      })),
    },
  ]
  if (c.points.some((p) => p.england !== null))
    series.push({ name: 'England', kind: 'benchmark', points: c.points.map((p) => ({ x: p.period, y: p.england })) })
  if (c.points.some((p) => p.london !== null))
    series.push({ name: 'London', kind: 'comparator', points: c.points.map((p) => ({ x: p.period, y: p.london })) })
  const first = xLabels[0]
  const last = xLabels.at(-1)
  return lineChart({
    id: `chart-${c.indicatorId}`,
    title: c.finding ?? c.title,
    summary: `${c.title} in ${c.areaName} from ${first} to ${last}, with 95% confidence intervals where known, against England and London. The table beside it gives every figure.`,
    xLabels,
    series,
    yLabel: c.unit && c.unit !== 'tbc' ? `Value (${c.unit})` : 'Value',
    format: (v) => formatValue(v, formatOfCurve(c)),
  })
}

const figure = (v: number | null, unit: string | ValueFormat) => (v === null ? 'Not available' : formatValue(v, unit))

/** A curve's values as its indicator states them; a pack frozen before precision was stated, by its unit. */
const formatOfCurve = (c: CurvePage): string | ValueFormat =>
  c.decimals === undefined ? c.unit : { unit: c.unit, decimals: c.decimals }

function curveView(c: CurvePage) {
  return {
    ...c,
    svg: chartOf(c),
    rows: c.points.map((p) => ({
      period: p.period,
      value: p.value === null ? (p.note ?? 'Not available') : formatValue(p.value, formatOfCurve(c)),
      interval:
        p.lower !== null && p.upper !== null
          ? `${formatValue(p.lower, formatOfCurve(c))} to ${formatValue(p.upper, formatOfCurve(c))}`
          : 'Not known',
      england: figure(p.england, formatOfCurve(c)),
      london: figure(p.london, formatOfCurve(c)),
    })),
    storyHtml: c.storyMd ? renderMarkdown(c.storyMd) : null,
    partnersHtml: c.partnersMd ? renderMarkdown(c.partnersMd) : null,
    whatWorksHtml: c.whatWorksMd ? renderMarkdown(c.whatWorksMd) : null,
    actions: c.actions.map(actionView),
  }
}

export function actionView(a: ActionLine) {
  return {
    ...a,
    dueText: a.due ? formatDate(a.due) : 'No due date',
    tag: statusTagClass(a.status),
    lastUpdateText: a.lastUpdate ? formatDate(a.lastUpdate) : 'None yet',
  }
}

function riskView(r: RiskLine) {
  const band =
    r.residualScore === null ? null : RATING_BANDS.find((b) => r.residualScore! >= b.min && r.residualScore! <= b.max)
  return { ...r, tag: band?.tag ?? 'govuk-tag--grey', createdText: formatDate(r.createdOn) }
}

export function rowView(r: ScoreRow, revision: string | null) {
  return { ...r, tag: `govuk-tag--${statusColour[r.status as Status] ?? 'grey'}`, revision }
}

function exceptionView(e: PackException) {
  return {
    ...e,
    commentaryText: e.commentary ?? NO_COMMENTARY[e.kind],
    noCommentary: e.commentary === null,
    commentaryDateText: e.commentaryDate ? formatDate(e.commentaryDate) : null,
  }
}

/**
 * The view of a pack; `revisions` maps an indicator id to the note of a figure revised since the
 * pack was frozen ("Reported 60% on 1 May 2026; revised to 62% on 2 June 2026").
 */
export function packView(content: PackContent, status: PackStatus, revisions: ReadonlyMap<string, string> = new Map()) {
  const kinds = ['indicator', 'action', 'risk'] as const
  const groups = kinds
    .map((kind) => ({
      kind,
      heading: { indicator: 'Indicators', action: 'Actions', risk: 'Risks and issues' }[kind],
      items: content.exceptions.filter((e) => e.kind === kind).map(exceptionView),
    }))
    .filter((g) => g.items.length || g.kind !== 'risk' || content.audience === 'board')
  return {
    pack: content,
    status,
    generatedText: formatDateTime(content.generatedAt),
    exceptionGroups: groups,
    scorecards: content.scorecards.map((s) => ({
      ...s,
      rows: s.rows.map((r) => rowView(r, revisions.get(r.indicatorId) ?? null)),
    })),
    curves: content.curves.map(curveView),
    arising: { ...content.arising, actions: content.arising.actions.map(actionView) },
    appendixActions: content.appendices.actions.map(actionView),
    appendixRisks: content.appendices.risks.map(riskView),
    newRisks: content.since.newRisks.map(riskView),
    closedRisks: content.since.closedRisks.map(riskView),
    revisionNotes: [...revisions.entries()].map(([indicatorId, note]) => ({ indicatorId, note })),
    boardVersion: content.audience === 'board',
  }
}

export type PackView = ReturnType<typeof packView>
