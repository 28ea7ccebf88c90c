/**
 * `best-chance import-risks <file.csv|file.xlsx> [--dry-run]`: loads a risk and issue log through
 * the same checks as the web form (the shared zod schema, then the same existence checks), every
 * bad row reported as `file:line: column: reason`, and all or nothing: one change (withChanges),
 * audited with the actor `import:<file name>`. A row with a reference updates that record (a
 * column the file leaves out keeps what is stored); a row without one adds a new record with a
 * new reference.
 * The whole file is read and checked before the transaction begins; a dry run then makes the same
 * writes and rolls them back, so it finds whatever the real import would.
 */
import { createReadStream } from 'node:fs'
import type { Kysely } from 'kysely'
import { takeBulkWriteLock } from '../../db/bulk-write-lock.js'
import { importActor, type Actor } from '../../db/changes/actor.js'
import { withChanges } from '../../db/changes/with-change.js'
import type { Database } from '../../db/database.js'
import { readCsvRecords, type CsvRecord } from '../../lib/csv-stream.js'
import { FileProblem } from '../../lib/file-problem.js'
import { readXlsxRecords } from '../../lib/xlsx-records.js'
import { listOrganisations } from '../accounts/organisations.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import { parseIdList, REFERENCE_PATTERN, referencePrefix, riskSchema, type RiskInput } from './risks.domain.js'
import {
  applyUpdate,
  checkReferences,
  checkUpdate,
  findLinks,
  findRiskByReference,
  insertRisk,
  type Risk,
} from './risks.service.js'

/** The file's columns (by name, in any order) and the form field each fills. */
export const COLUMNS = {
  reference: 'reference',
  kind: 'kind',
  title: 'title',
  cause: 'cause',
  effect: 'effect',
  organisation: 'organisationId',
  owner_role: 'ownerRole',
  inherent_likelihood: 'inherentLikelihood',
  inherent_impact: 'inherentImpact',
  residual_likelihood: 'residualLikelihood',
  residual_impact: 'residualImpact',
  review_date: 'reviewDate',
  status: 'status',
  board: 'currentBoardId',
  outcomes: 'outcomeIds',
  indicators: 'indicatorIds',
} as const
type Column = keyof typeof COLUMNS
export const REQUIRED_COLUMNS: Column[] = [
  'kind',
  'title',
  'cause',
  'effect',
  'organisation',
  'owner_role',
  'residual_impact',
  'status',
]
const columnOf = Object.fromEntries(Object.entries(COLUMNS).map(([column, field]) => [field, column])) as Record<
  string,
  Column
>

export interface ImportRisksReport {
  fileName: string
  rowsRead: number
  added: number
  updated: number
  unchanged: number
  /** Each as `file:line: column: reason`. */
  errors: string[]
  stored: boolean
}

type Plan = { line: number; input: RiskInput } & ({ action: 'add' } | { action: 'update'; existing: Risk })

/** Far more records than any risk log has: a file with more rows is refused (a mistaken or damaged file). */
export const MAX_RISK_ROWS = 100_000

class DryRun extends Error {}

const emptyReport = (fileName: string): ImportRisksReport => ({
  fileName,
  rowsRead: 0,
  added: 0,
  updated: 0,
  unchanged: 0,
  errors: [],
  stored: false,
})
const formatProblem = (fileName: string, line: number | null, column: string | null, reason: string) =>
  `${fileName}${line === null ? '' : `:${line}`}: ${column ? `${column}: ` : ''}${reason}`

/** The report of a file refused before its import began: a fault found reading its first row (lib/read-ahead.ts). */
export function refusedRisksReport(fileName: string, problem: FileProblem): ImportRisksReport {
  return { ...emptyReport(fileName), errors: [formatProblem(fileName, problem.line, null, problem.reason)] }
}

/** What checking and storing one file share. */
interface ImportRun {
  db: Kysely<Database>
  model: StrategyReadModel
  report: ImportRisksReport
  problem: (line: number | null, column: string | null, reason: string) => void
  organisations: { id: string; name: string }[]
  /** Each reference given so far, with its line. */
  seen: Map<string, number>
}

export async function importRisks(
  db: Kysely<Database>,
  model: StrategyReadModel,
  records: AsyncIterable<CsvRecord>,
  options: { fileName: string; dryRun: boolean },
): Promise<ImportRisksReport> {
  const { fileName } = options
  const report = emptyReport(fileName)
  const problem = (line: number | null, column: string | null, reason: string) =>
    report.errors.push(formatProblem(fileName, line, column, reason))
  const run: ImportRun = { db, model, report, problem, organisations: await listOrganisations(db), seen: new Map() }
  const plans = await checkRows(run, records)
  if (!plans || report.errors.length) return report

  const changes: Plan[] = []
  for (const plan of plans) {
    if (plan.action === 'add') changes.push(plan)
    else if (await unchanged(db, plan.existing, plan.input)) report.unchanged++
    else changes.push(plan)
  }
  report.added = changes.filter((p) => p.action === 'add').length
  report.updated = changes.filter((p) => p.action === 'update').length
  if (changes.length) await store(run, changes, importActor(fileName), options.dryRun)
  return report
}

/** Reads and checks every row; null when the file itself is at fault (its problem reported). */
async function checkRows(run: ImportRun, records: AsyncIterable<CsvRecord>): Promise<Plan[] | null> {
  const plans: Plan[] = []
  let header: (Column | null)[] | null = null
  let line: number | null = null // the row being checked, for a fault found checking it
  try {
    for await (const record of records) {
      line = record.line
      if (!header) {
        header = readHeader(record, run.problem)
        if (!header) return null
        continue
      }
      if (record.fields.every((f) => f.trim() === '')) continue
      if (++run.report.rowsRead > MAX_RISK_ROWS)
        throw new FileProblem(
          record.line,
          `the file has more than ${MAX_RISK_ROWS.toLocaleString('en-GB')} rows, more than any risk log: is it the right file?`,
        )
      const raw: Record<string, string> = {}
      header.forEach((column, i) => {
        if (column) raw[column] = record.fields[i] ?? ''
      })
      const plan = await planRow(run, record.line, raw)
      if (plan) plans.push(plan)
    }
  } catch (error) {
    if (error instanceof FileProblem) run.problem(error.line, null, error.reason)
    else if (error instanceof Error) run.problem(line, null, `could not be checked: ${error.message}`)
    else throw error
    return null
  }
  if (!header) run.problem(1, null, 'the file is empty: it needs a header row naming its columns')
  return plans
}

/**
 * Writes every change in one transaction, audited as the import; a dry run makes the same writes
 * and rolls them back. A write the checks did not foresee is reported with its row, and nothing is kept.
 */
async function store(run: ImportRun, changes: Plan[], actor: Actor, dryRun: boolean): Promise<void> {
  const { report } = run
  try {
    await withChanges(run.db, actor, async (tx) => {
      await takeBulkWriteLock(tx)
      for (const plan of changes) {
        try {
          if (plan.action === 'add') await insertRisk(tx, plan.input, actor)
          else await applyUpdate(tx, plan.existing, plan.input, actor)
        } catch (error) {
          run.problem(plan.line, null, `could not be stored: ${error instanceof Error ? error.message : String(error)}`)
          throw error
        }
      }
      if (dryRun) throw new DryRun()
    })
    report.stored = true
  } catch (error) {
    if (error instanceof DryRun) return
    if (!report.errors.length) throw error
    report.added = report.updated = report.unchanged = 0
  }
}

/** A problem with one cell, by its field's column. */
type CellProblem = { column: string; message: string }

/** The row's reference checked: its form, its kind, that it exists and appears once. */
async function checkReference(
  run: ImportRun,
  line: number,
  given: Record<string, string>,
  add: (field: string, message: string) => void,
): Promise<Risk | undefined> {
  const reference = (given.reference ?? '').trim().toUpperCase()
  if (!reference) {
    for (const column of REQUIRED_COLUMNS)
      if (!(column in given)) add(COLUMNS[column], 'missing column: a new record (no reference) needs it')
    return undefined
  }
  let existing: Risk | undefined
  const match = REFERENCE_PATTERN.exec(reference)
  const kind = (given.kind ?? '').trim().toLowerCase()
  if (!match)
    add(
      'reference',
      `"${reference}" is not a reference: write RSK-0001 for a risk or ISS-0001 for an issue, or leave it empty for a new one`,
    )
  else if ((kind === 'risk' || kind === 'issue') && match[1] !== referencePrefix(kind)) {
    add(
      'reference',
      `${reference} is ${match[1] === 'RSK' ? 'a risk' : 'an issue'}’s reference, but the row’s kind is ${kind}`,
    )
  } else {
    existing = await findRiskByReference(run.db, reference)
    // References are given by Best Chance: an unknown one is a typo, not a new record.
    if (!existing) add('reference', `There is no ${reference}: leave the reference empty to add a new record`)
  }
  if (run.seen.has(reference))
    add('reference', `${reference} is also on line ${run.seen.get(reference)}: a record may appear once in a file`)
  else run.seen.set(reference, line)
  return existing
}

/** The row's cells as the shared schema reads them. */
function schemaInput(cell: (column: Column) => string, organisationId: string) {
  return {
    kind: cell('kind').trim().toLowerCase(),
    title: cell('title'),
    cause: cell('cause'),
    effect: cell('effect'),
    organisationId,
    ownerRole: cell('owner_role'),
    inherentLikelihood: cell('inherent_likelihood'),
    inherentImpact: cell('inherent_impact'),
    residualLikelihood: cell('residual_likelihood'),
    residualImpact: cell('residual_impact'),
    reviewDate: isoFromCell(cell('review_date')),
    status: cell('status').trim().toLowerCase(),
    currentBoardId: cell('board'),
    outcomeIds: cell('outcomes'),
    indicatorIds: cell('indicators'),
  }
}

async function planRow(run: ImportRun, line: number, given: Record<string, string>): Promise<Plan | null> {
  const problems: CellProblem[] = []
  const add = (field: string, message: string) => problems.push({ column: columnOf[field] ?? field, message })
  const existing = await checkReference(run, line, given, add)
  // A column the file does not have keeps what is stored; a blank cell in a column it has is empty.
  const stored = existing ? await storedCells(run.db, existing) : {}
  const cell = (column: Column) => (column in given ? given[column]! : (stored[column] ?? ''))

  const organisation = cell('organisation').trim()
  // An organisation by its id or, as people write it, its name.
  const organisationId =
    (
      run.organisations.find((o) => o.id === organisation) ??
      run.organisations.find((o) => o.name.toLowerCase() === organisation.toLowerCase())
    )?.id ?? organisation
  const parsed = riskSchema.safeParse(schemaInput(cell, organisationId))
  if (!parsed.success) {
    const reported = new Set<string>()
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '')
      if (!reported.has(field)) add(field, issue.message)
      reported.add(field)
    }
  }
  // The existence checks need only these cells, so a row with other faults still gets them.
  const references = {
    organisationId,
    currentBoardId: cell('board').trim() || null,
    outcomeIds: parseIdList(cell('outcomes')),
    indicatorIds: parseIdList(cell('indicators')),
  }
  for (const p of await checkReferences(run.db, run.model, references)) {
    if (organisation !== '' || p.field !== 'organisationId') add(p.field, p.message) // an empty one is already reported
  }
  if (existing && parsed.success) for (const p of checkUpdate(existing, parsed.data)) add(p.field, p.message)
  reportFirstPerCell(run, line, problems)
  if (problems.length || !parsed.success) return null
  return existing
    ? { line, input: parsed.data, action: 'update', existing }
    : { line, input: parsed.data, action: 'add' }
}

/** One problem per cell, the first found (a missing column before what follows from it), in column order. */
function reportFirstPerCell(run: ImportRun, line: number, problems: CellProblem[]) {
  const order = Object.keys(COLUMNS)
  const first = problems.filter((p, i) => problems.findIndex((q) => q.column === p.column) === i)
  first.sort((x, y) => order.indexOf(x.column) - order.indexOf(y.column))
  for (const p of first) run.problem(line, p.column, p.message)
}

/** A stored record as the import's cells, for the columns a file leaves out. */
async function storedCells(db: Kysely<Database>, r: Risk): Promise<Partial<Record<Column, string>>> {
  const links = await findLinks(db, r.id)
  const n = (v: number | null) => (v === null ? '' : String(v))
  const ids = (kind: string) =>
    links
      .filter((l) => l.targetKind === kind)
      .map((l) => l.targetId)
      .join('; ')
  return {
    kind: r.kind,
    title: r.title,
    cause: r.cause,
    effect: r.effect,
    organisation: r.organisationId,
    owner_role: r.ownerRole,
    inherent_likelihood: n(r.inherentLikelihood),
    inherent_impact: n(r.inherentImpact),
    residual_likelihood: n(r.residualLikelihood),
    residual_impact: n(r.residualImpact),
    review_date: r.reviewDate ?? '',
    status: r.status,
    board: r.currentBoardId ?? '',
    outcomes: ids('outcome'),
    indicators: ids('indicator'),
  }
}

/** The header row's columns by name (case, spaces and hyphens forgiven); unknown names are errors, so a typo is never quietly ignored. */
function readHeader(
  record: CsvRecord,
  problem: (line: number | null, column: string | null, reason: string) => void,
): (Column | null)[] | null {
  const columns = record.fields.map((f) =>
    f
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  )
  let ok = true
  const header = columns.map((name, i) => {
    if (name === '') return null
    if (!(name in COLUMNS)) {
      problem(
        record.line,
        record.fields[i]!.trim(),
        `unknown column: the columns are ${Object.keys(COLUMNS).join(', ')}`,
      )
      ok = false
      return null
    }
    if (columns.indexOf(name) !== i) {
      problem(record.line, name, 'this column appears twice')
      ok = false
    }
    return name as Column
  })
  // A file that updates by reference may hold just the columns it changes; one that adds needs them all.
  if (!header.includes('reference')) {
    for (const required of REQUIRED_COLUMNS) {
      if (!header.includes(required)) {
        problem(
          record.line,
          required,
          'missing column: a new record needs it (a file that only updates needs a reference column)',
        )
        ok = false
      }
    }
  }
  return ok ? header : null
}

/** A date cell as YYYY-MM-DD: as written, or from the DD/MM/YYYY a UK spreadsheet saves as CSV. */
export function isoFromCell(cell: string): string {
  const s = cell.trim()
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s)
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : s
}

/** True when the row would change nothing, so a re-run of the same file writes no audit events. */
async function unchanged(db: Kysely<Database>, existing: Risk, input: RiskInput): Promise<boolean> {
  const links = await findLinks(db, existing.id)
  const sorted = (ids: string[]) => [...ids].sort().join('\n')
  const linked = (kind: string) => sorted(links.filter((l) => l.targetKind === kind).map((l) => l.targetId))
  return (
    existing.title === input.title &&
    existing.cause === input.cause &&
    existing.effect === input.effect &&
    existing.organisationId === input.organisationId &&
    existing.ownerRole === input.ownerRole &&
    existing.inherentLikelihood === input.inherentLikelihood &&
    existing.inherentImpact === input.inherentImpact &&
    existing.residualLikelihood === input.residualLikelihood &&
    existing.residualImpact === input.residualImpact &&
    existing.reviewDate === input.reviewDate &&
    existing.status === input.status &&
    linked('outcome') === sorted(input.outcomeIds) &&
    linked('indicator') === sorted(input.indicatorIds)
  )
}

/** Reads a .csv or .xlsx file's records. */
export function recordsOf(file: string): AsyncIterable<CsvRecord> {
  return /\.xlsx$/i.test(file) ? readXlsxRecords(file) : readCsvRecords(createReadStream(file))
}

/** The report as the other importers word theirs: one line per problem, then what happened. */
export function formatImportRisksReport(report: ImportRisksReport, dryRun: boolean): string {
  if (report.errors.length)
    return [...report.errors, `${report.errors.length} problem(s): nothing was stored`].join('\n')
  const counts = `${report.fileName}: rows read ${report.rowsRead}, added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}`
  return `${counts}\n${dryRun ? 'dry run: nothing stored' : report.stored ? 'stored' : 'nothing to store'}`
}

export const IMPORT_RISKS_USAGE = `  import-risks <file.csv|file.xlsx> [--dry-run]
                               load risks and issues (docs/import-risks.md), all or nothing`
