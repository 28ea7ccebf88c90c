/**
 * A progress report's view and files, all from one content, through the pack's machinery: the same
 * document styles and Nunjucks environment, the same Chromium printer (A4, tagged, bookmarks from
 * headings, page numbers), and the same workbook rules (no formula injection).
 */
import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { formatDateTime } from '../../lib/dates.js'
import { htmlToPdf } from './pack.pdf.js'
import { renderDocument } from './pack.render.js'
import { actionView, rowView, type PackStatus } from './pack.view.js'
import { ACTION_HEADER, actionRow, addScorecardSheet, addSheet } from './pack.xlsx.js'
import type { PackFormat } from './pack.outputs.js'
import type { ReportContent } from './report.types.js'

export function reportView(content: ReportContent, status: PackStatus) {
  return {
    report: content,
    status,
    generatedText: formatDateTime(content.generatedAt),
    outcomes: content.outcomes.map((o) => ({ ...o, rows: o.rows.map((r) => rowView(r, null)) })),
    priorities: content.priorities.map((p) => ({ ...p, rows: p.rows.map((r) => rowView(r, null)) })),
    deliveryActions: content.delivery.actions.map(actionView),
    boardVersion: content.audience === 'board',
  }
}

export type ReportView = ReturnType<typeof reportView>

export const reportTitle = (content: ReportContent) => `${content.title} – data as of ${content.asOfText}`

export function reportHtml(content: ReportContent, status: PackStatus): string {
  return renderDocument('pages/reports/report-document.njk', reportView(content, status), reportTitle(content))
}

export async function reportWorkbook(content: ReportContent): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = 'Best Chance'
  book.created = new Date(content.generatedAt)
  const taken = new Set<string>()
  addSheet(
    book,
    taken,
    'Cover',
    ['Item', 'Value'],
    [
      ['Report', content.title],
      ['For', content.board.title],
      ['Data as of', `The end of ${content.asOfText}`],
      ['Area', content.area.name],
      ['Version', content.audience === 'public' ? 'Public version' : 'Board version'],
    ],
  )
  addSheet(
    book,
    taken,
    'Key',
    ['Term', 'Meaning'],
    content.key.map((k) => [k.term, k.meaning]),
  )
  for (const o of content.outcomes) addScorecardSheet(book, taken, { id: o.id, title: o.shortTitle, rows: o.rows })
  for (const p of content.priorities) addScorecardSheet(book, taken, { id: p.id, title: p.title, rows: p.rows })
  addSheet(
    book,
    taken,
    'Actions by status',
    ['Status', 'Actions'],
    content.delivery.byStatus.map((s) => [s.label, s.count]),
  )
  addSheet(book, taken, 'All actions', ACTION_HEADER, content.delivery.actions.map(actionRow))
  addSheet(
    book,
    taken,
    'Life course',
    ['Stage', 'Indicator', 'Breakdown', 'Period', content.lifeCourse.areaName, 'London', 'England', 'Comparison'],
    content.lifeCourse.stages.flatMap((s) =>
      s.rows.map((r) => [s.title, r.indicator, r.breakdown, r.period, r.area, r.london, r.england, r.comparison]),
    ),
  )
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** The report as a file; a PDF is printed with `printer` when one is started already. */
export async function reportFile(
  content: ReportContent,
  status: PackStatus,
  format: PackFormat,
  printer?: Browser,
): Promise<Buffer> {
  const html = reportHtml(content, status)
  if (format === 'html') return Buffer.from(html, 'utf8')
  if (format === 'pdf') return htmlToPdf(html, { title: reportTitle(content), printer })
  return reportWorkbook(content)
}
