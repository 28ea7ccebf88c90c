/**
 * A strategy progress report as one plain, JSON-safe structure, like a pack (pack.types.ts): the
 * Health and Wellbeing Board's progress report on the Joint Local Health and Wellbeing Strategy
 * (its Best Start in Life theme, which Best Chance delivers, and the life-course table against
 * London and England), or the annual Best Chance progress report (every outcome and priority).
 * Every output is drawn from it alone, and a signed-off report is this object frozen.
 */
import type { LifeCourseStage } from '../dashboard/life-course.js'
import type { ActionLine, KeyEntry, PackLink, ScoreRow } from './pack.types.js'

export const REPORT_SCHEMA = 1

export const REPORT_KINDS = ['hwb', 'annual'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

export interface ReportOutcome {
  id: string
  title: string
  shortTitle: string
  statement: string | null
  /** The shared intentions, in the strategy's words. */
  intentions: string[]
  /** For the HWB report: what the JLHWS says will be done towards this outcome. */
  commitments: string[]
  rows: ScoreRow[]
  /** The Best Chance actions that deliver it, counted by status. */
  delivery: StatusCount[]
}

export interface ReportPriority {
  id: string
  title: string
  rows: ScoreRow[]
}

export interface StatusCount {
  status: string
  label: string
  count: number
}

export interface RiskSummary {
  total: number
  open: number
  aboveAppetite: number
  newInPeriod: number
  closedInPeriod: number
  byRating: { rating: string; count: number }[]
}

export interface ReportContent {
  schema: typeof REPORT_SCHEMA
  kind: ReportKind
  /** 'public' once board-only items (the risk summary) are taken out. */
  audience: 'board' | 'public'
  title: string
  /** The body the report is for, and who signs it off. */
  board: { strategyId: string; id: string; title: string }
  strategyTitle: string
  /** The calendar year an annual report covers; null for the HWB report. */
  year: number | null
  /** The data as it stood at the end of this day (London). */
  asOf: string
  asOfText: string
  generatedAt: string
  area: { code: string; name: string }
  introduction: string[]
  contents: PackLink[]
  key: KeyEntry[]
  /** The JLHWS theme the report is about (HWB report), with its words. */
  theme: { title: string; text: string | null; strategyTitle: string } | null
  outcomes: ReportOutcome[]
  priorities: ReportPriority[]
  delivery: { total: number; byStatus: StatusCount[]; actions: ActionLine[] }
  risks: RiskSummary | null
  lifeCourse: { strategyTitle: string; areaName: string; stages: LifeCourseStage[] }
}
