/**
 * What the progress-report routes share: the report a request asks for, the files a report has,
 * the hash of what a person reviewed, and a stored version as a line.
 */
import { NotFound } from '../../web/render.js'
import { stableStringify } from '../../lib/stable-json.js'
import type { PackFormat } from './pack.outputs.js'
import type { StoredPack } from './packs.repository.js'
import { PackRefused, sha256 } from './packs.service.js'
import { asOfOf } from './reports.web-context.js'
import type { ReportRequest } from './report.service.js'
import { REPORT_KINDS, type ReportContent, type ReportKind } from './report.types.js'

/** The files of a report, by the name in its address. */
export const REPORT_FILES: Record<string, PackFormat> = {
  'report.pdf': 'pdf',
  'report.html': 'html',
  'report.xlsx': 'xlsx',
}

export type ReportQuery = { year?: string; asOf?: string }

/** The report a request asks for: its kind, the annual report's year, and the data's day. */
export function reportRequestOf(kind: string, query: ReportQuery, today: string): ReportRequest {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new NotFound()
  const asOf = asOfOf(query.asOf)
  if (kind === 'hwb') return { kind, asOf }
  const year = query.year === undefined || query.year === '' ? Number(today.slice(0, 4)) : Number(query.year)
  if (!/^\d{4}$/.test(String(year)) || year < 2000 || year > Number(today.slice(0, 4)))
    throw new PackRefused(`The year is a year from 2000 to ${today.slice(0, 4)}, written like 2026`, 400)
  return { kind: kind as ReportKind, year, asOf }
}

/** What a person reviewed: the content's hash less the moment it was prepared. */
export const reportHash = (content: ReportContent) => sha256(stableStringify({ ...content, generatedAt: '' }))

export const reportVersionView = (p: StoredPack) => ({
  id: p.id,
  href: `/progress-reports/${p.id}`,
  version: p.version,
  status: p.status === 'signed_off' ? 'Signed off' : 'Draft',
  tag: p.status === 'signed_off' ? 'govuk-tag--green' : 'govuk-tag--grey',
  asOf: p.asOf,
  reason: p.reason,
})
