/**
 * A board pack's test fixtures: the Best Chance 0-25 Partnership with a held meeting in the past
 * (the "last meeting", with a decision and an action arising) and a planned one to come, and one
 * exception of every kind planted in its scope. Everything here is SYNTHETIC test data: the
 * figures are made up, and people appear only as roles.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import {
  addActionArising,
  addDecision,
  addMembership,
  addPaper,
  createMeeting,
} from '../../src/modules/boards/boards.service.js'
import { todayInLondon } from '../../src/lib/dates.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { createRisk, escalateRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'
import type { StrategyReadModel } from '../../src/modules/strategy/strategy.read-model.js'
import type { SessionUser } from '../../src/modules/accounts/access.js'
import { createUser, ORG_A, ORG_B } from './accounts.js'
import { preparePack } from '../../src/modules/reports/pack.service.js'
import { saveDraft, signOff } from '../../src/modules/reports/packs.service.js'
import { packPdfBytes, storedStatus } from '../../src/modules/reports/pack.outputs.js'
import { publicVersion } from '../../src/modules/reports/pack.build.js'
import { withPrinter } from '../../src/modules/reports/pack.pdf.js'

export const PARTNERSHIP = { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' }
export const LAST_MEETING_DAY = '2025-01-15'

/** The planted exceptions, by what the pack must show for each. */
export const PLANTED = {
  indicator: 'Children achieving a good level of development (GLD) in EYFS assessments',
  offTrack: 'Synthetic action: family hubs outreach is off track',
  overdue: 'Synthetic action: early help review was due last year',
  stale: 'Synthetic action: speech and language pathway with no update',
  aboveAppetite: 'Synthetic risk: health visiting vacancies',
  escalated: 'Synthetic risk: subgroup cannot staff the two-year checks',
  closed: 'Synthetic risk: nursery places shortfall, now closed',
  decision: 'Synthetic decision: the partnership adopts the outreach plan',
  arising: 'Synthetic action arising: report back on outreach',
  restrictedPaper: 'Synthetic restricted paper: staffing detail',
}

const HEADER =
  'indicator_id,area_code,period,sex,age,category_type,category,value,count,denominator,lower_95,upper_95,lower_998,upper_998,value_note,source,source_quote'

/** Good level of development falling each year and significantly below England and London (synthetic). */
export function gldRows(latestValue = 600): string {
  const years = ['2017/18', '2018/19', '2019/20', '2020/21', '2021/22', '2022/23']
  const area = [720, 700, 680, 660, 640, latestValue]
  const rows = years.flatMap((year, i) => [
    `gld-eyfs,E09000002,${year},,,,,${area[i]! / 10},${area[i]},1000,,,,,,synthetic test data,`,
    `gld-eyfs,E12000007,${year},,,,,70.0,70000,100000,,,,,,synthetic test data,`,
    `gld-eyfs,E92000001,${year},,,,,68.0,680000,1000000,,,,,,synthetic test data,`,
  ])
  return [HEADER, ...rows].join('\n') + '\n'
}

export async function importGld(db: Kysely<Database>, latestValue = 600) {
  const report = await importData(db, [gldRows(latestValue)], {
    sourceName: 'synthetic-gld.csv',
    format: 'template',
    actor: 'test',
  })
  if (!report.stored) throw new Error(`the synthetic figures were refused: ${JSON.stringify(report.errors)}`)
  return report
}

const risk = (title: string, board: string, likelihood: string, impact: string, status = 'open') =>
  riskSchema.parse({
    kind: 'risk',
    title,
    cause: 'Synthetic cause',
    effect: 'Synthetic effect',
    organisationId: ORG_A,
    ownerRole: 'Head of Early Help',
    inherentLikelihood: '5',
    inherentImpact: '5',
    residualLikelihood: likelihood,
    residualImpact: impact,
    reviewDate: '2099-01-31',
    status,
    currentBoardId: board,
  })

export interface PlantedPack {
  lastMeetingId: string
  meetingId: string
  meetingDay: string
  administrator: SessionUser
}

/** Plants one exception of each kind in the Partnership's scope and its two meetings. */
export async function plantPack(db: Kysely<Database>, model: StrategyReadModel): Promise<PlantedPack> {
  const user = await createUser(db, 'administrator', null)
  const administrator: SessionUser = {
    id: user.id,
    email: user.email,
    displayName: 'Test administrator',
    role: 'administrator',
    organisationId: null,
  }
  await addMembership(
    db,
    PARTNERSHIP,
    {
      roleTitle: 'Director of Children’s Services',
      organisationId: ORG_A,
      memberKind: 'chair',
      fromDate: '2024-01-01',
      toDate: null,
    },
    administrator,
  )
  await importGld(db)
  const plan = { deliveryPlan: 'best-start', organisationId: ORG_A, leadRole: 'Head of Early Help' }
  await createAction(db, { ...plan, title: PLANTED.offTrack, status: 'off_track', indicatorIds: ['gld-eyfs'] }, 'test')
  await createAction(db, { ...plan, title: PLANTED.overdue, dueDate: '2024-06-30', status: 'on_track' }, 'test')
  const stale = await createAction(
    db,
    { ...plan, organisationId: ORG_B, title: PLANTED.stale, status: 'on_track' },
    'test',
  )
  // Recorded ten weeks ago, with no update since: the owner has said nothing for six weeks or more.
  await db
    .updateTable('actions')
    .set({ created_at: new Date(Date.now() - 70 * 86_400_000) })
    .where('id', '=', stale.id)
    .execute()
  await createRisk(db, model, risk(PLANTED.aboveAppetite, 'best-chance-partnership', '4', '4'), 'test')
  const escalated = await createRisk(db, model, risk(PLANTED.escalated, 'partnership-subgroups', '2', '2'), 'test')
  await escalateRisk(
    db,
    model,
    escalated.id,
    {
      target: 'board:best-chance-partnership',
      organisationId: null,
      representativeRole: null,
      reason: 'Synthetic reason: the subgroup cannot fill the posts',
    },
    administrator,
  )
  await createRisk(db, model, risk(PLANTED.closed, 'best-chance-partnership', '2', '3', 'closed'), 'test')
  const lastMeetingId = await createMeeting(
    db,
    PARTNERSHIP,
    {
      meetsOn: LAST_MEETING_DAY,
      title: 'Partnership meeting, January (synthetic)',
      location: null,
      status: 'held',
      public: true,
    },
    administrator,
  )
  await addDecision(
    db,
    lastMeetingId,
    { text: PLANTED.decision, decidedOn: LAST_MEETING_DAY, agendaItemId: null },
    administrator,
  )
  await addActionArising(
    db,
    lastMeetingId,
    { title: PLANTED.arising, organisationId: ORG_A, leadRole: 'Head of Early Help', dueDate: null },
    administrator,
  )
  const meetingDay = todayInLondon(new Date(Date.now() + 30 * 86_400_000))
  const meetingId = await createMeeting(
    db,
    PARTNERSHIP,
    { meetsOn: meetingDay, title: 'Partnership meeting (synthetic)', location: null, status: 'planned', public: true },
    administrator,
  )
  await addPaper(
    db,
    meetingId,
    { title: PLANTED.restrictedPaper, url: 'https://example.org/restricted', restricted: true, agendaItemId: null },
    administrator,
  )
  await addPaper(
    db,
    meetingId,
    {
      title: 'Synthetic public paper: the outcomes report',
      url: 'https://example.org/public',
      restricted: false,
      agendaItemId: null,
    },
    administrator,
  )
  return { lastMeetingId, meetingId, meetingDay, administrator }
}

/**
 * A signed-off pack of the Partnership for a meeting held in public, as the archive publishes it:
 * prepared from the live data, saved as a draft and signed off with the PDF printed from it.
 */
export async function publishPack(
  db: Kysely<Database>,
  model: StrategyReadModel,
  threshold: number,
  daysAhead = 10,
  isPublic = true,
): Promise<{ packId: string; meetingId: string }> {
  // A meeting still to come, so the pack reads today's data.
  const meetsOn = todayInLondon(new Date(Date.now() + daysAhead * 86_400_000))
  const user = await createUser(db, 'administrator', null)
  const administrator: SessionUser = {
    id: user.id,
    email: user.email,
    displayName: 'Test administrator',
    role: 'administrator',
    organisationId: null,
  }
  const meetingId = await createMeeting(
    db,
    PARTNERSHIP,
    {
      meetsOn,
      title: `Partnership meeting ${isPublic ? 'in public' : 'in private'} (synthetic)`,
      location: null,
      status: 'planned',
      public: isPublic,
    },
    administrator,
  )
  const board = model.find('body', PARTNERSHIP.boardId, PARTNERSHIP.strategyId)!
  const content = await preparePack({ db, model, threshold }, board, meetingId)
  const draft = await saveDraft(db, content, null, administrator)
  const status = storedStatus(draft, 'Administrator')
  const [pdf, publicPdf] = await withPrinter((printer) =>
    Promise.all([packPdfBytes(content, status, printer), packPdfBytes(publicVersion(content), status, printer)]),
  )
  await signOff(db, draft.id, pdf, administrator, true, 'Administrator', publicPdf)
  return { packId: draft.id, meetingId }
}
