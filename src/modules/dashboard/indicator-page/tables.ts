/**
 * The page's tables and their downloads, built from the same rows: each chart's table is kept here
 * as the file it downloads as, so the page, the table and the CSV or JSON never disagree. Pure.
 */
import { formatValue } from '../../indicators/value-format.js'
import type { CsvCell } from '../../../lib/csv-write.js'
import type { DownloadTable } from '../../../web/table-download.js'

export const DATA_VIEWS = ['history', 'boroughs', 'breakdowns', 'gap'] as const
export type DataView = (typeof DATA_VIEWS)[number]
export type DataFormat = 'csv' | 'json'

export interface Column {
  key: string
  header: string
  numeric?: boolean
}
export type Row = Record<string, CsvCell>

export interface TableCell {
  text: string
  format?: 'numeric'
  classes?: string
}

export interface TableView {
  caption: string
  head: TableCell[]
  rows: TableCell[][]
  csvHref: string
  jsonHref: string
}

export interface TableSpec {
  view: DataView
  /** The breakdown type, for breakdowns and gaps. */
  type?: string
  caption: string
  fileName: string
  columns: Column[]
  rows: Row[]
  highlight?: (row: Row) => boolean
}

export interface TableRegistry {
  /** The table as the page shows it; its rows are kept for the download. */
  view: (spec: TableSpec) => TableView
  /** One table's download: a view's, or a breakdown type's within it. */
  get: (view: DataView, type?: string) => DownloadTable | null
  /** Every breakdown type's download of a view, in the page's order. */
  parts: (view: DataView) => DownloadTable[]
}

const numberText = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 })

/** The columns that hold the indicator's values (and gaps between them), shown to its precision. */
const VALUE_COLUMNS = new Set(['value', 'lower95', 'upper95', 'gap', 'gapLower', 'gapUpper'])

/**
 * A row's cell as the table shows it: numbers grouped by thousands; a value to the indicator's
 * decimal places (70 as "70.0"), unless that would round a small figure to nothing.
 */
export function cellText(value: CsvCell, decimals: number | null = null): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' && decimals !== null) {
    const fixed = formatValue(value, { unit: '', decimals })
    if (value === 0 || Number(fixed.replace(/,/g, '')) !== 0) return fixed
  }
  if (typeof value === 'number') return numberText.format(value)
  return String(value)
}

export function tableRegistry(
  source: string,
  dataHref: (view: DataView, format: DataFormat, type?: string) => string,
  decimals: number | null = null,
): TableRegistry {
  const tables = new Map<string, DownloadTable>()
  const view = ({ view, type, caption, fileName, columns, rows, highlight }: TableSpec): TableView => {
    const download = {
      name: fileName,
      title: caption,
      source,
      columns: columns.map(({ key, header }) => ({ key, header })),
      rows,
    }
    tables.set(type ? `${view}:${type}` : view, download)
    return {
      caption,
      head: columns.map((c) => ({ text: c.header, ...(c.numeric ? { format: 'numeric' as const } : {}) })),
      rows: rows.map((r) =>
        columns.map((c) => ({
          text: cellText(r[c.key], VALUE_COLUMNS.has(c.key) ? decimals : null),
          ...(c.numeric ? { format: 'numeric' as const } : {}),
          ...(highlight?.(r) ? { classes: 'govuk-!-font-weight-bold' } : {}),
        })),
      ),
      csvHref: dataHref(view, 'csv', type),
      jsonHref: dataHref(view, 'json', type),
    }
  }
  return {
    view,
    get: (v, type) => tables.get(type ? `${v}:${type}` : v) ?? null,
    parts: (v) => [...tables].filter(([k]) => k.startsWith(`${v}:`)).map(([, t]) => t),
  }
}
