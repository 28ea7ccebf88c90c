/**
 * The pack's files, all from one view of one content: the HTML document, the PDF Chromium prints
 * from that document, and the scorecard workbook. Used by the web routes and the command line.
 */
import type { Browser } from 'playwright-core'
import { formatDateTime } from '../../lib/dates.js'
import { htmlToPdf } from './pack.pdf.js'
import { packTitle, renderPackDocument } from './pack.render.js'
import { packView, type PackStatus } from './pack.view.js'
import { packWorkbook } from './pack.xlsx.js'
import type { StoredPack } from './packs.repository.js'
import type { PackContent } from './pack.types.js'

export const PACK_FORMATS = ['html', 'pdf', 'xlsx'] as const
export type PackFormat = (typeof PACK_FORMATS)[number]

export const CONTENT_TYPES: Record<PackFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** The format a file name asks for, by its extension. */
export function formatOf(file: string): PackFormat | null {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase()
  return (PACK_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as PackFormat) : null
}

export const LIVE_STATUS: PackStatus = {
  label: 'Not saved: prepared from the live data',
  version: null,
  signedOffBy: null,
  signedOffOn: null,
  reason: null,
  contentHash: null,
}

/** A stored version's status, in the words the cover prints. The signer is named by role and organisation, never by name. */
export function storedStatus(pack: StoredPack, signer: string | null): PackStatus {
  return {
    label: pack.status === 'signed_off' ? 'Signed off' : 'Draft for sign-off',
    version: pack.version,
    signedOffBy: pack.status === 'signed_off' ? (signer ?? 'a board member') : null,
    signedOffOn: pack.signedOffAt ? formatDateTime(pack.signedOffAt) : null,
    reason: pack.reason,
    contentHash: pack.contentSha256,
  }
}

export function packHtml(content: PackContent, status: PackStatus, revisions?: ReadonlyMap<string, string>): string {
  return renderPackDocument(packView(content, status, revisions))
}

export async function packPdfBytes(content: PackContent, status: PackStatus, printer?: Browser): Promise<Buffer> {
  const view = packView(content, status)
  return htmlToPdf(renderPackDocument(view), { title: packTitle(view), printer })
}

/** The pack as a file; a PDF is printed with `printer` when one is started already. */
export async function packFile(
  content: PackContent,
  status: PackStatus,
  format: PackFormat,
  printer?: Browser,
): Promise<Buffer> {
  if (format === 'html') return Buffer.from(packHtml(content, status), 'utf8')
  if (format === 'pdf') return packPdfBytes(content, status, printer)
  return packWorkbook(content)
}
