/**
 * The turn-the-curve page's charts and tables, worked out from figures that have already been
 * through disclosure control. Pure: points and summaries in, SVG, tables and downloads out. Each
 * section is its own view builder (history.ts, boroughs.ts, inequalities.ts); this puts them together.
 *
 * Each chart's table and its CSV/JSON downloads are built from the same rows, so the page, the
 * table and the file never disagree, and a suppressed cell says so in all three. A chart that lacks
 * the data to mean anything is replaced by a sentence saying why.
 */
import type { DownloadTable } from '../../../web/table-download.js'
import { pageContext, type DataView, type IndicatorPageView, type PageContext, type PageInput } from './page-context.js'
import { historyBlock } from './history.js'
import { boroughsBlock, neighbourRanks } from './boroughs.js'
import { breakdownBlocks, breakdownColumns, breakdownTypes, gapBlocks, gapColumns } from './inequalities.js'

export {
  DATA_VIEWS,
  figure,
  ordinal,
  type ChartBlock,
  type DataFormat,
  type DataView,
  type IndicatorPageView,
  type PageIndicator,
  type PageInput,
} from './page-context.js'
export type { TableCell, TableView } from './tables.js'
export { projectedLabel } from './history.js'
export { slug } from './inequalities.js'
export { revisionNotes, type ReplacedValue, type RevisionNote } from './revisions.js'
export { metadataRows, type MetadataRow } from './metadata.js'

export function indicatorPage(input: PageInput): IndicatorPageView {
  const ctx = pageContext(input)
  const { areaName } = ctx
  const history = historyBlock(ctx)
  const boroughs = boroughsBlock(ctx)
  const types = ctx.headline ? breakdownTypes(ctx.primaryPoints, ctx.headline) : []
  const breakdowns = breakdownBlocks(ctx, types)
  const gaps = gapBlocks(ctx, types)
  return {
    finding: ctx.headlineSummary?.finding ?? null,
    areaName,
    history,
    boroughs,
    neighbourRanks: neighbourRanks(ctx),
    breakdowns,
    breakdownsReason: breakdowns.length
      ? null
      : `No figures for ${areaName} by sex, age or other groups have been loaded, so there are no inequality breakdowns to show.`,
    gaps,
    gapsReason: gaps.length
      ? null
      : breakdowns.length
        ? 'Each group has only one period of data, so the gap cannot be shown over time yet.'
        : null,
    download: (view, type) => download(ctx, view, type),
  }
}

/** The rows behind a chart: one table's, or for breakdowns and gaps without a type, every type's in one file. */
function download(ctx: PageContext, view: DataView, type?: string): DownloadTable | null {
  const { indicator, areaName } = ctx
  if (view === 'history' || view === 'boroughs') return type ? null : ctx.tables.get(view)
  if (type) return ctx.tables.get(view, type)
  // Every breakdown's rows in one file: the tables of the page, one after another.
  const parts = ctx.tables.parts(view)
  if (!parts.length) return null
  const name = view === 'breakdowns' ? 'breakdowns' : 'gap over time'
  const columns = (view === 'breakdowns' ? breakdownColumns(ctx.yLabel) : gapColumns(ctx.yLabel)).map(
    ({ key, header }) => ({ key, header }),
  )
  return {
    ...parts[0]!,
    name: `${indicator.id}-${view}`,
    title: `${indicator.name} in ${areaName}: ${name}`,
    columns,
    rows: parts.flatMap((p) => p.rows),
  }
}
