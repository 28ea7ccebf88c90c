/**
 * The pack's scorecard as a workbook (exceljs): one sheet per section, from the same content as the
 * page and the PDF. Text goes through the CSV writer's formula rule (a leading = + - @, tab or
 * carriage return gets an apostrophe), so a title typed as "=HYPERLINK(…)" stays words; numbers
 * stay numbers. Board-only sheets are left out of a public pack.
 */
import ExcelJS from 'exceljs'
import { formulaSafe } from '../../lib/csv-write.js'
import type { ActionLine, PackContent, RiskLine, Scorecard } from './pack.types.js'

type Cell = string | number | null

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the book. */
export function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 28) || 'Sheet'
  let name = base
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 27 - String(n).length)} ${n}`
  taken.add(name.toLowerCase())
  return name
}

const safe = (v: Cell): Cell => (typeof v === 'string' ? formulaSafe(v) : v)

export function addSheet(
  book: ExcelJS.Workbook,
  taken: Set<string>,
  title: string,
  header: string[],
  rows: Cell[][],
): void {
  const sheet = book.addWorksheet(sheetName(title, taken))
  sheet.addRow(header.map(safe)).font = { bold: true }
  for (const row of rows) sheet.addRow(row.map(safe))
  sheet.columns.forEach((c, i) => {
    const widest = Math.max(header[i]!.length, ...rows.map((r) => String(r[i] ?? '').length))
    c.width = Math.min(60, Math.max(10, widest + 2))
  })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
}

export const actionRow = (a: ActionLine): Cell[] => [
  a.reference,
  a.title,
  a.owner,
  a.due,
  a.statusLabel,
  a.overdue ? 'Yes' : 'No',
  a.stale ? a.weeksSinceUpdate : null,
  a.lastUpdate,
  a.lastCommentary,
]
export const ACTION_HEADER = [
  'Reference',
  'Action',
  'Owner',
  'Due',
  'Status',
  'Overdue',
  'Weeks without an update',
  'Latest update',
  'Latest commentary',
]
const riskRow = (r: RiskLine): Cell[] => [
  r.reference,
  r.kind,
  r.title,
  r.owner,
  r.board,
  r.residualScore,
  r.rating,
  r.aboveAppetite ? 'Yes' : 'No',
  r.escalatedHere ? 'Yes' : 'No',
  r.statusLabel,
]
const RISK_HEADER = [
  'Reference',
  'Kind',
  'Title',
  'Owner',
  'Sits at',
  'Residual score',
  'Rating',
  'Above appetite',
  'Escalated to this board',
  'Status',
]

export async function packWorkbook(pack: PackContent): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = 'Best Chance'
  book.created = new Date(pack.generatedAt)
  const taken = new Set<string>()
  addSheet(
    book,
    taken,
    'Cover',
    ['Item', 'Value'],
    [
      ['Board', pack.board.title],
      ['Meeting', `${pack.meeting.title}, ${pack.meeting.date}`],
      ['Data as of', `The end of ${pack.asOfText}`],
      ['Area', pack.area.name],
      ['Version', pack.audience === 'public' ? 'Public version' : 'Board version'],
      ['Scope', pack.scope.description],
      ...(pack.empty ? [['Note', 'There is no data in this pack’s scope yet.'] as Cell[]] : []),
    ],
  )
  addSheet(
    book,
    taken,
    'Key',
    ['Term', 'Meaning'],
    pack.key.map((k) => [k.term, k.meaning]),
  )
  addSheet(
    book,
    taken,
    'Exceptions',
    ['Kind', 'Reference', 'Title', 'Why', 'Owner', 'Commentary'],
    pack.exceptions.map((e) => [
      e.kind,
      e.reference,
      e.title,
      e.reasons.join('; '),
      e.owner,
      e.commentary ?? 'No commentary has been written',
    ]),
  )
  const since = pack.since
  addSheet(
    book,
    taken,
    'Since the last meeting',
    ['Change', 'Indicator', 'Period', 'Before', 'Now'],
    [...since.newData, ...since.changed, ...since.revisions].map((c) => [
      c.change,
      c.title,
      c.period,
      c.before,
      c.after,
    ]),
  )
  for (const s of pack.scorecards) addScorecardSheet(book, taken, s)
  addSheet(book, taken, 'Actions arising', ACTION_HEADER, pack.arising.actions.map(actionRow))
  addSheet(book, taken, 'All actions', ACTION_HEADER, pack.appendices.actions.map(actionRow))
  if (pack.audience === 'board')
    addSheet(book, taken, 'All risks and issues', RISK_HEADER, pack.appendices.risks.map(riskRow))
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** One sheet per outcome's scorecard: every figure with its value as shown and its comparisons. */
export function addScorecardSheet(book: ExcelJS.Workbook, taken: Set<string>, s: Scorecard): void {
  addSheet(
    book,
    taken,
    `Scorecard ${s.title}`,
    [
      'Indicator',
      'Breakdown',
      'Period',
      'Value',
      'Value as shown',
      'Lower 95% limit',
      'Upper 95% limit',
      'England',
      'London',
      'Compared with England',
      'Compared with London',
      'Recent trend',
    ],
    s.rows.map((r) => [
      r.title,
      r.breakdown,
      r.period,
      r.value,
      r.valueText,
      r.lower,
      r.upper,
      r.englandText,
      r.londonText,
      r.statusText,
      r.londonComparison,
      r.trendLabel,
    ]),
  )
}
