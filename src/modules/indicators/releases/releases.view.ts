/** What the release pages show, from the records: pure, so the words are tested without a server. */
import { formatDateTime, partsOf, londonDate } from '../../../lib/dates.js'
import type { FormErrors } from '../../../web/forms.js'
import type { ReleaseStatus } from '../../../db/tables/releases.js'
import type { Amendment, ReleaseFigure, ReleaseRecord } from './releases.repository.js'
import { QUALITY_CHECKLIST } from './releases.service.js'

const STATUS: Record<ReleaseStatus, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--yellow' },
  approved: { text: 'Approved', classes: 'govuk-tag--blue' },
  published: { text: 'Published', classes: 'govuk-tag--green' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
}

/** Who did something, in words: the audit key's person or command, never a raw key. */
export const actorWords = (key: string | null) =>
  key === null ? '' : key.replace(/^user:\d+ /, '').replace(/^(cli|import|system):/, '')

const number = (v: number | null) => (v === null ? '' : String(v))

const breakdown = (f: { sex: string; age: string; categoryType: string; category: string }) =>
  [f.sex, f.age, f.categoryType && `${f.categoryType}: ${f.category}`].filter(Boolean).join(', ')

export function releaseListView(releases: ReleaseRecord[]) {
  return {
    pageTitle: 'Releases',
    releases: releases.map((r) => ({
      href: `/releases/${r.id}`,
      id: r.id,
      source: r.sourceName,
      status: STATUS[r.status],
      created: formatDateTime(r.createdAt),
      releaseAt: r.releaseAt ? formatDateTime(r.releaseAt) : 'Not set',
      added: r.added,
      revised: r.revised,
    })),
  }
}

export function figureRows(figures: ReleaseFigure[]) {
  return figures.map((f) => ({
    indicatorId: f.indicatorId,
    area: f.areaName,
    period: f.periodLabel,
    breakdown: breakdown(f),
    value: number(f.value),
    count: number(f.count),
    denominator: number(f.denominator),
    published: f.isRevision ? number(f.publishedValue) : 'New',
  }))
}

export function releaseView(
  release: ReleaseRecord,
  figures: ReleaseFigure[],
  form: {
    canCheck: boolean
    canApprove: boolean
    canWithdraw: boolean
    /** Whether the viewer may use the list of releases (the breadcrumb to it). */
    canList?: boolean
    /** Shown to an indicator's owner: only their indicators' figures, counted from those. */
    narrowed?: boolean
    values: Record<string, unknown>
    errors: FormErrors
  },
) {
  const releaseDate = form.values.releaseDate ?? partsOf(release.releaseAt ? londonDate(release.releaseAt) : null)
  return {
    pageTitle: `${form.errors.summary.length ? 'Error: ' : ''}Release ${release.id}`,
    release: {
      id: release.id,
      source: release.sourceName,
      status: STATUS[release.status],
      isDraft: release.status !== 'published' && release.status !== 'withdrawn',
      createdBy: actorWords(release.createdBy),
      created: formatDateTime(release.createdAt),
      added: form.narrowed ? figures.filter((f) => !f.isRevision).length : release.added,
      revised: form.narrowed ? figures.filter((f) => f.isRevision).length : release.revised,
      indicators: release.indicatorIds,
      qualityNotes: release.qualityNotes,
      qualityChecks: release.qualityChecks,
      checkedBy: actorWords(release.checkedBy),
      checked: release.checkedAt ? formatDateTime(release.checkedAt) : null,
      approvedBy: actorWords(release.approvedBy),
      releaseAt: release.releaseAt ? formatDateTime(release.releaseAt) : null,
      publishedAt: release.publishedAt ? formatDateTime(release.publishedAt) : null,
      amendmentNote: release.amendmentNote,
    },
    figures: figureRows(figures),
    figuresCapped: figures.length >= 2000,
    checklist: QUALITY_CHECKLIST.map((c) => ({
      value: c,
      text: c,
      checked: Array.isArray(form.values.checklist) && form.values.checklist.includes(c),
    })),
    canCheck: form.canCheck,
    canApprove: form.canApprove,
    canWithdraw: form.canWithdraw,
    narrowed: form.narrowed === true,
    canList: form.canList === true,
    values: { ...form.values, releaseDate },
    errors: form.errors,
  }
}

/** An indicator's amendments, newest first, for its page and the API. */
export function amendmentRows(amendments: Amendment[]) {
  return amendments.map((a) => ({
    releaseId: a.releaseId,
    date: formatDateTime(a.publishedAt),
    publishedAt: a.publishedAt.toISOString(),
    revised: a.revised,
    note: a.note ?? 'Figures revised (no note was given).',
  }))
}
