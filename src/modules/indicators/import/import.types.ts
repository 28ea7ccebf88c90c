/** The shapes an import passes between its steps. */
import type { Period } from '../periods.js'

/** One row as a format reads it: every field still text, named by what it means. */
export interface RawRow {
  indicator: string
  area: string
  period: string
  sex: string
  age: string
  categoryType: string
  category: string
  value: string
  count: string
  denominator: string
  lower95: string
  upper95: string
  lower998: string
  upper998: string
  valueNote: string
  source: string
  sourceQuote: string
}

export type Field = keyof RawRow

/** Which people a figure is about, as Fingertips breaks figures down. */
export interface Breakdown {
  sex: string
  age: string
  categoryType: string
  category: string
}

/** A figure with what it was worked out from and its published 95% interval. */
export interface Measures {
  value: number | null
  count: number | null
  denominator: number | null
  lower95: number | null
  upper95: number | null
}

/** A row that passed every check that one row can pass alone. */
export interface ImportRow extends Breakdown, Measures {
  line: number
  indicatorId: string
  areaCode: string
  period: Period
  lower998: number | null
  upper998: number | null
  valueNote: string | null
  source: string
  sourceQuote: string | null
}

export interface RowProblem {
  line: number
  /** The column as the file names it; null for a problem with the whole row. */
  column: string | null
  reason: string
}

/** An error an import reports: a row's, or (line null) the whole file's, such as a workbook cut short. */
export interface ReportedProblem extends Omit<RowProblem, 'line'> {
  line: number | null
}

export interface IndicatorInfo {
  id: string
  valueType: string
  ciMethod: string
  multiplier: number | null
  yearType?: 'financial' | 'academic' | 'calendar_multi'
}

/** What a row is checked against: reference data, read once before the file. */
export interface ImportContext {
  indicators: Map<string, IndicatorInfo>
  /** Fingertips indicator id → our indicator id. */
  fingertipsIds: Map<number, string>
  areas: Set<string>
  /** Counts below this are warned about: public outputs will suppress them. */
  smallCountThreshold: number
}
