/**
 * Changes to the risk and issue log, and the reads other modules use. Each change goes through
 * withChange: one transaction that writes the record, its audit event (before and after, with a
 * structured actor) and the data version. Nothing is deleted: a risk is archived; a link taken off
 * is archived; escalations are only added. Audit entity type 'risk' (id: the risk's id);
 * mitigations are recorded on their risk's trail.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { asActor, type ActingUser, type Actor } from '../../db/changes/actor.js'
import { withChange } from '../../db/changes/with-change.js'
import { isRecordId } from '../../lib/ids.js'
import { isActiveOrganisation } from '../accounts/organisations.js'
import type { StrategyReadModel } from '../strategy/strategy.read-model.js'
import {
  escalationTargets,
  formatReference,
  STATUS_LABELS,
  type EscalationInput,
  type MitigationInput,
  type MitigationStatus,
  type RiskInput,
  type Status,
} from './risks.domain.js'
import {
  allocateRiskNumber,
  insertRiskRow,
  lockRisk,
  replaceLinks,
  riskAuditRecord,
  selectBodyTitles,
  selectLinks,
  selectRiskById,
  selectRiskByReference,
  selectRiskCreator,
  selectRisks,
  selectRisksAtBoard,
  touchRisk,
  updateRiskRow,
  type Risk,
  type RiskCreator,
  type RiskLink,
  type RiskQuery,
} from './risks.repository.js'
import {
  insertEscalation,
  insertMitigation,
  selectEscalations,
  selectMitigations,
  selectMitigationStatus,
  updateMitigationStatus,
  type Mitigation,
} from './risk-responses.repository.js'

export type { Mitigation, Risk, RiskCreator, RiskLink }

/** Who makes a change: a signed-in person, an import ('import:<file>'), the command line or a test. */
export type Who = Actor | ActingUser | string

export interface Problem {
  field: string
  message: string
}

/** The record cannot be stored as given; each problem names the form field it belongs to. */
export class RiskProblems extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '))
  }
}

export interface RiskSummary {
  id: string
  reference: string
  kind: 'risk' | 'issue'
  title: string
  residualScore: number | null
  status: string
  statusLabel: string
  organisationName: string
  href: string
}

export interface EscalationView {
  from: string
  to: string
  by: string
  at: string
  reason: string
  fromBoardId: string | null
  toBoardId: string | null
  toOrganisationId: string | null
}

export const riskHref = (id: string) => `/risks/${id}`

type Scores = Pick<Risk, 'kind' | 'inherentLikelihood' | 'inherentImpact' | 'residualLikelihood' | 'residualImpact'>

export const residualScore = (r: Scores) =>
  r.kind === 'risk' && r.residualLikelihood !== null ? r.residualLikelihood * r.residualImpact : null
export const inherentScore = (r: Scores) =>
  r.kind === 'risk' && r.inherentLikelihood !== null && r.inherentImpact !== null
    ? r.inherentLikelihood * r.inherentImpact
    : null

function summary(r: Risk): RiskSummary {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    title: r.title,
    residualScore: residualScore(r),
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    organisationName: r.organisationName,
    href: riskHref(r.id),
  }
}

// ---------------------------------------------------------------------------------------------
// Reads

export type RiskFilters = RiskQuery

/** The log, archived records left out; risks by residual score (highest first), issues by impact. */
export const listRisks = (db: Kysely<Database>, filters: RiskFilters = {}): Promise<Risk[]> => selectRisks(db, filters)

export async function findRisk(db: Kysely<Database>, id: string): Promise<Risk | undefined> {
  return isRecordId(id) ? selectRiskById(db, id) : undefined
}

export const findRiskByReference = (db: Kysely<Database>, reference: string) => selectRiskByReference(db, reference)
export const findMitigations = (db: Kysely<Database>, riskId: string): Promise<Mitigation[]> =>
  selectMitigations(db, riskId)
export const findLinks = (db: Kysely<Database>, riskId: string): Promise<RiskLink[]> => selectLinks(db, riskId)
/** Who logged a record, from its audit trail. */
export const findRiskCreator = (db: Kysely<Database>, riskId: string) => selectRiskCreator(db, riskId)

/** Each risk's escalations in order, with names for boards, organisations and who escalated. */
export async function findEscalations(db: Kysely<Database>, riskIds: string[]): Promise<Map<string, EscalationView[]>> {
  const byRisk = new Map<string, EscalationView[]>()
  const rows = await selectEscalations(db, riskIds)
  if (rows.length === 0) return byRisk
  const names = await selectBodyTitles(db)
  const board = (id: string | null) => (id === null ? 'Not on a board' : (names.get(id) ?? id))
  for (const e of rows) {
    const list = byRisk.get(e.riskId) ?? []
    list.push({
      from: board(e.fromBoardId),
      to:
        e.toBoardId !== null
          ? board(e.toBoardId)
          : `${e.toOrganisationName ?? e.toOrganisationId}, through its representative (${e.representativeRole})`,
      by: e.escalatedByName,
      at: e.escalatedAt.toISOString(),
      reason: e.reason,
      fromBoardId: e.fromBoardId,
      toBoardId: e.toBoardId,
      toOrganisationId: e.toOrganisationId,
    })
    byRisk.set(e.riskId, list)
  }
  return byRisk
}

/**
 * The risks and issues a board holds or has held: those sitting at it now, and those whose
 * escalations ever reached it, each with its whole escalation history (oldest first).
 */
export async function risksEscalatedTo(
  db: Kysely<Database>,
  boardId: string,
): Promise<(RiskSummary & { escalations: EscalationView[] })[]> {
  const rows = await selectRisksAtBoard(db, boardId)
  const escalations = await findEscalations(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...summary(r), escalations: escalations.get(r.id) ?? [] }))
}

/**
 * How many risks and issues stand escalated to this board: escalated to it, held there now, and not
 * closed. A number only, so the public overview can give it without showing the log.
 */
export async function escalatedToBoardCount(db: Kysely<Database>, boardId: string): Promise<number> {
  const held = await selectRisksAtBoard(db, boardId)
  const escalations = await findEscalations(
    db,
    held.map((r) => r.id),
  )
  return held.filter(
    (r) =>
      r.currentBoardId === boardId &&
      r.status !== 'closed' &&
      (escalations.get(r.id) ?? []).some((e) => e.toBoardId === boardId),
  ).length
}

export async function risksForOrganisation(db: Kysely<Database>, organisationId: string): Promise<RiskSummary[]> {
  return (await listRisks(db, { organisationId })).map(summary)
}

// ---------------------------------------------------------------------------------------------
// Checks that need the database and the strategy

/** The existence checks the schema cannot make: organisation, board, outcomes and indicators. */
export async function checkReferences(
  db: Kysely<Database>,
  model: StrategyReadModel,
  input: Pick<RiskInput, 'organisationId' | 'currentBoardId' | 'outcomeIds' | 'indicatorIds'>,
): Promise<Problem[]> {
  const problems: Problem[] = []
  if (!(await isActiveOrganisation(db, input.organisationId)))
    problems.push({ field: 'organisationId', message: `There is no organisation "${input.organisationId}"` })
  if (input.currentBoardId !== null && !model.find('body', input.currentBoardId)) {
    problems.push({
      field: 'currentBoardId',
      message: `There is no board or body "${input.currentBoardId}" in the strategies`,
    })
  }
  const unknownOutcomes = input.outcomeIds.filter((id) => !model.find('outcome', id))
  if (unknownOutcomes.length)
    problems.push({
      field: 'outcomeIds',
      message: `No outcome has the id ${unknownOutcomes.map((id) => `"${id}"`).join(', ')}`,
    })
  const unknownIndicators = input.indicatorIds.filter((id) => !model.find('indicator', id))
  if (unknownIndicators.length)
    problems.push({
      field: 'indicatorIds',
      message: `No indicator has the id ${unknownIndicators.map((id) => `"${id}"`).join(', ')}`,
    })
  return problems
}

/** What changing an existing record may not do: change its kind, or move board other than by escalation. */
export function checkUpdate(existing: Risk, input: RiskInput): Problem[] {
  const problems: Problem[] = []
  if (existing.archivedAt)
    problems.push({ field: 'reference', message: `${existing.reference} is archived and cannot be changed` })
  if (input.kind !== existing.kind)
    problems.push({
      field: 'kind',
      message: `${existing.reference} is ${existing.kind === 'risk' ? 'a risk' : 'an issue'}: its kind cannot change`,
    })
  if (input.currentBoardId !== null && input.currentBoardId !== existing.currentBoardId) {
    problems.push({
      field: 'currentBoardId',
      message: `${existing.reference} sits at "${existing.currentBoardId ?? 'no board'}": a risk moves between boards only by escalation, which records who, when and why`,
    })
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// Changes

/** The record as the audit trail keeps it, before and after each change. */
export const riskSnapshot = (tx: Kysely<Database>, id: string) =>
  isRecordId(id) ? riskAuditRecord(tx, id) : Promise.resolve(null)

const linksOf = (input: RiskInput): RiskLink[] => [
  ...input.outcomeIds.map((id) => ({ targetKind: 'outcome' as const, targetId: id })),
  ...input.indicatorIds.map((id) => ({ targetKind: 'indicator' as const, targetId: id })),
]

/** Adds a risk or issue with the next reference of its kind, in the caller's transaction if it has one (the import's). */
export async function insertRisk(
  db: Kysely<Database>,
  input: RiskInput,
  actor: Who,
): Promise<{ id: string; reference: string }> {
  const who = asActor(actor)
  const target = { entityType: 'risk', action: 'create', idOf: (r: { id: string }) => r.id, snapshot: riskSnapshot }
  return withChange(db, who, target, async (tx) => {
    const reference = formatReference(input.kind, await allocateRiskNumber(tx, input.kind))
    const id = await insertRiskRow(tx, input, reference, who.key)
    await replaceLinks(tx, id, linksOf(input))
    return { id, reference }
  })
}

/** Updates a record's fields, scores, status, review date and links, in the caller's transaction if it has one. */
export async function applyUpdate(db: Kysely<Database>, existing: Risk, input: RiskInput, actor: Who): Promise<void> {
  const who = asActor(actor)
  await withChange(
    db,
    who,
    { entityType: 'risk', action: 'update', entityId: existing.id, snapshot: riskSnapshot },
    async (tx) => {
      await updateRiskRow(tx, existing.id, input, who.key)
      await replaceLinks(tx, existing.id, linksOf(input))
    },
  )
}

export async function createRisk(
  db: Kysely<Database>,
  model: StrategyReadModel,
  input: RiskInput,
  actor: Who,
): Promise<{ id: string; reference: string }> {
  const problems = await checkReferences(db, model, input)
  if (problems.length) throw new RiskProblems(problems)
  return insertRisk(db, input, actor)
}

export async function updateRisk(
  db: Kysely<Database>,
  model: StrategyReadModel,
  id: string,
  input: RiskInput,
  actor: Who,
): Promise<void> {
  const existing = await findRisk(db, id)
  if (!existing) throw new RiskProblems([{ field: 'reference', message: `There is no risk or issue ${id}` }])
  const problems = [...checkUpdate(existing, input), ...(await checkReferences(db, model, input))]
  if (problems.length) throw new RiskProblems(problems)
  await applyUpdate(db, existing, input, actor)
}

export async function addMitigation(
  db: Kysely<Database>,
  riskId: string,
  input: MitigationInput,
  actor: Who,
): Promise<string> {
  const who = asActor(actor)
  const target = {
    entityType: 'risk',
    action: 'mitigation.add',
    entityId: riskId,
    detail: (id: string) => ({ before: null, after: { mitigation: id, ...input } }),
  }
  return withChange(db, who, target, async (tx) => {
    const risk = await liveRisk(tx, riskId)
    const id = await insertMitigation(tx, risk.id, input, who.key)
    await touchRisk(tx, risk.id, who.key)
    return id
  })
}

export async function setMitigationStatus(
  db: Kysely<Database>,
  riskId: string,
  mitigationId: string,
  status: MitigationStatus,
  actor: Who,
): Promise<void> {
  const who = asActor(actor)
  const target = {
    entityType: 'risk',
    action: 'mitigation.status',
    entityId: riskId,
    detail: (before: string) => ({
      before: { mitigation: mitigationId, status: before },
      after: { mitigation: mitigationId, status },
    }),
  }
  await withChange(db, who, target, async (tx, change) => {
    const risk = await liveRisk(tx, riskId)
    const before = isRecordId(mitigationId) ? await selectMitigationStatus(tx, risk.id, mitigationId) : undefined
    if (before === undefined)
      throw new RiskProblems([
        { field: 'mitigation', message: `There is no mitigation ${mitigationId} on ${risk.reference}` },
      ])
    if (before === status) change.unchanged()
    else {
      await updateMitigationStatus(tx, mitigationId, status)
      await touchRisk(tx, risk.id, who.key)
    }
    return before
  })
}

export async function archiveRisk(db: Kysely<Database>, riskId: string, actor: Who): Promise<void> {
  const who = asActor(actor)
  await withChange(
    db,
    who,
    { entityType: 'risk', action: 'archive', entityId: riskId, snapshot: riskSnapshot },
    async (tx) => {
      const risk = await liveRisk(tx, riskId)
      await touchRisk(tx, risk.id, who.key, { archived: true })
    },
  )
}

/** Where an escalation goes: a body one step up from where the risk sits, or a partner organisation. */
async function escalationDestination(
  tx: Kysely<Database>,
  model: StrategyReadModel,
  currentBoardId: string | null,
  input: EscalationInput,
) {
  if (input.target.startsWith('board:')) {
    const toBoardId = input.target.slice('board:'.length)
    if (!escalationTargets(model, currentBoardId).some((b) => b.id === toBoardId)) {
      const from = currentBoardId ? (model.find('body', currentBoardId)?.title ?? currentBoardId) : 'no board'
      const to = model.find('body', toBoardId)?.title ?? toBoardId
      throw new RiskProblems([
        { field: 'target', message: `${to} is not a next step from ${from}: choose one of the bodies listed` },
      ])
    }
    return { toBoardId, toOrganisationId: null }
  }
  const toOrganisationId = input.organisationId
  if (!toOrganisationId || !(await isActiveOrganisation(tx, toOrganisationId))) {
    throw new RiskProblems([{ field: 'organisationId', message: 'Select a partner organisation from the list' }])
  }
  return { toBoardId: null, toOrganisationId }
}

/**
 * Escalates a risk one step up the board network (moving where it sits), or out to a partner
 * organisation through its representative (it stays where it sits). Only to a body on the computed
 * path; never a closed or archived risk. Records who, when and why, append-only.
 */
export async function escalateRisk(
  db: Kysely<Database>,
  model: StrategyReadModel,
  riskId: string,
  input: EscalationInput,
  user: ActingUser,
): Promise<void> {
  const who = asActor(user)
  const target = {
    entityType: 'risk',
    action: 'escalate',
    entityId: riskId,
    snapshot: riskSnapshot,
    detail: (after: unknown) => ({ after }),
  }
  await withChange(db, who, target, async (tx) => {
    const risk = await liveRisk(tx, riskId)
    if (risk.status === 'closed')
      throw new RiskProblems([
        { field: 'target', message: `${risk.reference} is closed: reopen it before escalating it` },
      ])
    const { toBoardId, toOrganisationId } = await escalationDestination(tx, model, risk.currentBoardId, input)
    const representativeRole = toOrganisationId ? input.representativeRole : null
    const id = await insertEscalation(tx, {
      riskId: risk.id,
      fromBoardId: risk.currentBoardId,
      toBoardId,
      toOrganisationId,
      representativeRole,
      reason: input.reason,
      escalatedBy: user.id,
    })
    await touchRisk(tx, risk.id, who.key, toBoardId ? { currentBoardId: toBoardId } : {})
    const escalation = {
      id,
      from: risk.currentBoardId,
      to: toBoardId ?? `organisation:${toOrganisationId}`,
      representativeRole,
      reason: input.reason,
    }
    return { ...(await riskSnapshot(tx, risk.id)), escalation }
  })
}

/** The risk, locked for this transaction; refused when missing or archived. */
export async function liveRisk(tx: Kysely<Database>, riskId: string) {
  const risk = isRecordId(riskId) ? await lockRisk(tx, riskId) : undefined
  if (!risk) throw new RiskProblems([{ field: 'reference', message: `There is no risk or issue ${riskId}` }])
  if (risk.archived)
    throw new RiskProblems([{ field: 'reference', message: `${risk.reference} is archived and cannot be changed` }])
  return risk
}
