/**
 * Actions from a spreadsheet (CSV or XLSX), through the same checks as the web form: the shared
 * schema, then the same reference checks. Every bad row is reported (file:line: column: problem)
 * and then nothing is stored; otherwise every row is stored in one transaction. A row with a
 * reference updates that action (columns the file leaves out, and blank cells, keep their values);
 * a row without one adds an action. Columns are found by name, never by position. Action files are small (hundreds
 * of rows), so rows are held in memory while they are checked, all of them read before the
 * transaction begins; a file of more than MAX_ACTION_ROWS is refused at the first row beyond.
 */
import { takeBulkWriteLock } from '../../db/bulk-write-lock.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChanges } from '../../db/changes/with-change.js'
import { importActor } from '../../db/changes/actor.js'
import type { CsvRecord } from '../../lib/csv-stream.js'
import { FileProblem } from '../../lib/file-problem.js'
import { actionSchema, idList, type ActionField, type ActionFields } from './delivery.domain.js'
import { resolveReferences, type ReferenceData } from './delivery.references.js'
import { findActions, indicatorIdsOf, loadReferenceData, type ActionRecord } from './delivery.repository.js'
import { applyUpdate, insertAction } from './delivery.service.js'
import { problemsFromZod } from './delivery.errors.js'

/** Far more actions than any plan has: a file with more rows is refused (a mistaken or damaged file), not held in memory. */
export const MAX_ACTION_ROWS = 100_000

/** The columns an import reads, with the schema field each fills. */
export const IMPORT_COLUMNS = {
  reference: null,
  title: 'title',
  description: 'description',
  intention: 'intentionId',
  priority: 'priorityId',
  delivery_plan: 'deliveryPlan',
  organisation: 'organisationId',
  lead_role: 'leadRole',
  start_date: 'startDate',
  due_date: 'dueDate',
  status: 'status',
  intervention_level: 'interventionLevel',
  indicators: 'indicatorIds',
} as const satisfies Record<string, ActionField | null>
type Column = keyof typeof IMPORT_COLUMNS

/** Columns of the open-data download that are worked out, not typed: read past, so a download loads back. */
const DERIVED_COLUMNS = new Set([
  'organisation_name',
  'status_label',
  'delivery_plan_name',
  'last_update',
  'weeks_since_update',
  'overdue',
  'url',
])

const columnOf = (field: string): string =>
  field === 'strategyId' ? 'intention' : (Object.entries(IMPORT_COLUMNS).find(([, f]) => f === field)?.[0] ?? field)

export interface ImportProblem {
  /** The file's line (a worksheet's row); null for a fault of the whole file, such as a workbook cut short. */
  line: number | null
  column: string
  message: string
}

export interface ImportActionsReport {
  fileName: string
  rows: number
  created: number
  updated: number
  unchanged: number
  problems: ImportProblem[]
  stored: boolean
  dryRun: boolean
}

export interface ImportActionsOptions {
  /** The file's name as reports and the audit trail give it (the actor is "import:<name>"). */
  fileName: string
  /** The strategy whose intentions and priorities the file names (the primary strategy). */
  strategyId?: string
  /** Check and count, store nothing. */
  dryRun?: boolean
}

export const formatImportProblem = (fileName: string, p: ImportProblem) =>
  `${fileName}${p.line === null ? '' : `:${p.line}`}: ${p.column}: ${p.message}`

const normaliseHeader = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** An action as the schema's input, for a row that changes only some columns. */
function inputOf(record: ActionRecord, indicatorIds: string[]): Record<string, unknown> {
  return {
    title: record.title,
    description: record.description,
    strategyId: record.strategyId,
    intentionId: record.intentionId,
    priorityId: record.priorityId,
    deliveryPlan: record.deliveryPlan,
    organisationId: record.organisationId,
    leadRole: record.leadRole,
    startDate: record.startDate,
    dueDate: record.dueDate,
    status: record.status,
    interventionLevel: record.interventionLevel,
    indicatorIds,
  }
}

/** A row's references alone, when the rest of it fails the schema. */
function looseReferences(input: Record<string, unknown>): ActionFields {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined)
  const ids = idList(input.indicatorIds)
  return {
    title: '',
    leadRole: '',
    organisationId: text(input.organisationId) ?? '',
    strategyId: text(input.strategyId),
    intentionId: text(input.intentionId),
    priorityId: text(input.priorityId),
    indicatorIds: Array.isArray(ids) ? ids : [],
  }
}

class DryRun extends Error {}

class RowNotStored extends Error {
  constructor(
    readonly line: number,
    override readonly cause: unknown,
  ) {
    super(`line ${line} could not be stored`)
  }
}

const emptyReport = (fileName: string, dryRun: boolean): ImportActionsReport => ({
  fileName,
  rows: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  problems: [],
  stored: false,
  dryRun,
})

/** The report of a file refused before its import began: a fault found reading its first row (lib/read-ahead.ts). */
export function refusedActionsReport(fileName: string, problem: FileProblem, dryRun = false): ImportActionsReport {
  return {
    ...emptyReport(fileName, dryRun),
    problems: [{ line: problem.line, column: 'file', message: problem.reason }],
  }
}

type Columns = Map<Column, number>
type ValidRow = { line: number; action?: ActionRecord; fields: ActionFields }

export async function importActions(
  db: Kysely<Database>,
  records: AsyncIterable<CsvRecord>,
  options: ImportActionsOptions,
): Promise<ImportActionsReport> {
  const report = emptyReport(options.fileName, options.dryRun === true)
  const rows = await readRows(records, report.problems)
  if (!rows) return report
  const [header, ...body] = rows
  if (!header) {
    report.problems.push({
      line: 1,
      column: 'file',
      message: 'the file is empty: it needs a header row naming its columns',
    })
    return report
  }
  const columns = readHeader(header, report.problems)
  if (report.problems.length) return report
  report.rows = body.length
  const valid = await checkRows(db, body, columns, options, report.problems)
  if (report.problems.length) {
    report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    return report
  }
  await storeRows(db, valid, options, report)
  return report
}

/** Every record of the file, or null with the reader's fault among the problems. */
async function readRows(records: AsyncIterable<CsvRecord>, problems: ImportProblem[]): Promise<CsvRecord[] | null> {
  const rows: CsvRecord[] = []
  try {
    for await (const record of records) {
      if (rows.length > MAX_ACTION_ROWS)
        throw new FileProblem(
          record.line,
          `the file has more than ${MAX_ACTION_ROWS.toLocaleString('en-GB')} rows, more actions than any plan: is it the right file?`,
        )
      rows.push(record)
    }
    return rows
  } catch (error) {
    // The readers' faults (FileProblem) say where; anything else reading the file is told as it is.
    if (error instanceof FileProblem) problems.push({ line: error.line, column: 'file', message: error.reason })
    else problems.push({ line: null, column: 'file', message: error instanceof Error ? error.message : String(error) })
    return null
  }
}

/** The header: every column known, none twice, and a title or reference column. */
function readHeader(header: CsvRecord, problems: ImportProblem[]): Columns {
  const columns: Columns = new Map()
  header.fields.forEach((raw, index) => {
    const name = normaliseHeader(raw)
    if (name === '' || DERIVED_COLUMNS.has(name)) return
    if (!(name in IMPORT_COLUMNS)) {
      problems.push({
        line: header.line,
        column: raw.trim(),
        message: `unknown column: the columns are ${Object.keys(IMPORT_COLUMNS).join(', ')}`,
      })
    } else if (columns.has(name as Column)) {
      problems.push({ line: header.line, column: name, message: 'this column appears twice' })
    } else columns.set(name as Column, index)
  })
  if (!columns.has('title') && !columns.has('reference')) {
    problems.push({
      line: header.line,
      column: 'title',
      message: 'the file needs a title column (to add actions) or a reference column (to update them)',
    })
  }
  return columns
}

interface RowContext {
  columns: Columns
  options: ImportActionsOptions
  refs: ReferenceData
  existing: Map<string, ActionRecord>
  links: Map<string, string[]>
  /** References already given, with the line that first gave each. */
  seen: Map<string, number>
}

/** Every row checked against the schema and the reference data; the rows that pass. */
async function checkRows(
  db: Kysely<Database>,
  body: CsvRecord[],
  columns: Columns,
  options: ImportActionsOptions,
  problems: ImportProblem[],
): Promise<ValidRow[]> {
  const existing = new Map(
    (await findActions(db, { includeArchived: true })).map((a) => [a.reference.toUpperCase(), a]),
  )
  const context: RowContext = {
    columns,
    options,
    refs: await loadReferenceData(db),
    existing,
    links: await indicatorIdsOf(
      db,
      [...existing.values()].map((a) => a.id),
    ),
    seen: new Map(),
  }
  return body.flatMap(
    (row) => checkRow(row, context, (column, message) => problems.push({ line: row.line, column, message })) ?? [],
  )
}

/** The action a row's reference names, if it may be updated; undefined for a new action, null when refused. */
function rowAction(
  reference: string | undefined,
  line: number,
  context: RowContext,
  add: (column: string, message: string) => void,
): ActionRecord | undefined | null {
  if (!reference) return undefined
  const action = context.existing.get(reference)
  const earlier = context.seen.get(reference)
  if (!action) add('reference', `there is no action ${reference}: leave the reference blank to add a new action`)
  else if (action.archivedAt) add('reference', `${reference} is archived, so it can no longer be changed`)
  else if (earlier) add('reference', `${reference} is also on line ${earlier}: one row per action`)
  context.seen.set(reference, earlier ?? line)
  return !action || action.archivedAt || earlier ? null : action
}

function checkRow(
  row: CsvRecord,
  context: RowContext,
  add: (column: string, message: string) => void,
): ValidRow | undefined {
  const { columns, options } = context
  const cell = (column: Column) => {
    const index = columns.get(column)
    return index === undefined ? undefined : (row.fields[index] ?? '')
  }
  const action = rowAction(cell('reference')?.trim().toUpperCase(), row.line, context, add)
  if (action === null) return undefined
  const input: Record<string, unknown> = action ? inputOf(action, context.links.get(action.id) ?? []) : {}
  for (const [column, field] of Object.entries(IMPORT_COLUMNS)) {
    const value = field ? cell(column as Column) : undefined
    // Updating, a blank cell keeps what is stored: a file of references and statuses changes only those.
    if (field && value !== undefined && !(action && value.trim() === '')) input[field] = value
  }
  // The file names intentions and priorities of the primary strategy.
  if (!action || columns.has('intention') || columns.has('priority')) input.strategyId = options.strategyId
  const parsed = actionSchema.safeParse(input)
  const shapeProblems = parsed.success ? [] : problemsFromZod(parsed.error)
  for (const p of shapeProblems) add(columnOf(p.field), p.message)
  // References are checked even on a row with other problems, so one report lists them all.
  const resolved = resolveReferences(parsed.success ? parsed.data : looseReferences(input), context.refs)
  const referenceProblems = resolved.problems.filter((p) => !shapeProblems.some((s) => s.field === p.field))
  for (const p of referenceProblems) add(columnOf(p.field), p.message)
  return parsed.success && !referenceProblems.length ? { line: row.line, action, fields: resolved.fields } : undefined
}

/** Every valid row in one transaction, audited as "import:<file>"; a dry run rolls it back. */
async function storeRows(
  db: Kysely<Database>,
  valid: ValidRow[],
  options: ImportActionsOptions,
  report: ImportActionsReport,
): Promise<void> {
  try {
    await withChanges(db, importActor(options.fileName), async (tx, change) => {
      await takeBulkWriteLock(tx)
      for (const { line, action, fields } of valid) {
        try {
          if (!action) {
            await insertAction(tx, fields, change.actor)
            report.created++
          } else if (await applyUpdate(tx, action.id, fields, change.actor)) report.updated++
          else report.unchanged++
        } catch (error) {
          // A write the checks above did not foresee: said with its row, and everything rolled back.
          throw new RowNotStored(line, error)
        }
      }
      if (!report.created && !report.updated) change.unchanged()
      // A dry run makes the same writes, to count exactly, then rolls them back.
      if (options.dryRun) throw new DryRun()
    })
    report.stored = !options.dryRun
  } catch (error) {
    if (error instanceof RowNotStored) {
      report.created = report.updated = report.unchanged = 0
      report.problems.push({
        line: error.line,
        column: 'row',
        message: `could not be stored: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`,
      })
    } else if (!(error instanceof DryRun)) throw error
  }
}

/** The report in words: every problem on its own line, then what happened. */
export function formatImportActionsReport(report: ImportActionsReport): string {
  if (report.problems.length) {
    return [
      ...report.problems.map((p) => formatImportProblem(report.fileName, p)),
      `${report.problems.length} problem(s): nothing was stored`,
    ].join('\n')
  }
  const counts = `${report.created} added, ${report.updated} updated, ${report.unchanged} unchanged`
  return report.dryRun
    ? `${report.fileName}: ${report.rows} rows are valid; if imported: ${counts}. Dry run: nothing was stored`
    : `${report.fileName}: ${report.rows} rows: ${counts}`
}
