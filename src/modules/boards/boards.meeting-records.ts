/**
 * The parts of a meeting's page that migration 0014 added: who attended (each seat present, a
 * substitute, apologies or absent; others in attendance), whether the meeting was quorate, and the
 * agenda items, papers and decisions with their corrections, and their withdrawals struck through
 * with the date and reason. Read here so the page's handler stays small.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { formatDate, formatLongDate } from '../../lib/dates.js'
import { agendaPurposeNames, isCurrentMembership, memberKindNames, type AgendaPurpose } from './boards.domain.js'
import { attendanceKinds, attendanceNames, quorumAt, QUORUM_DEFAULT_WORDS, type Attendance } from './boards.quorum.js'
import {
  attendanceFor,
  attendeesFor,
  quorumSetting,
  recordsOf,
  type MeetingRecord,
  type RecordKind,
} from './boards.records.repository.js'
import type { Meeting, Membership } from './boards.repository.js'

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v))

/** The words beside a record: corrected or withdrawn, when and why. */
function changeWords(r: MeetingRecord) {
  return {
    withdrawn: r.withdrawnAt ? `Withdrawn on ${formatLongDate(r.withdrawnAt)}: ${r.withdrawnReason ?? ''}` : null,
    corrected: r.correctedAt ? `Corrected on ${formatLongDate(r.correctedAt)}: ${r.correctionReason ?? ''}` : null,
    changeHref: `/meetings/${r.meetingId}/records/${r.kind}/${r.id}`,
  }
}

export const recordTitle = (r: MeetingRecord): string =>
  r.kind === 'agenda'
    ? `${str(r.fields.position)}. ${str(r.fields.title)}`
    : r.kind === 'papers'
      ? str(r.fields.title)
      : str(r.fields.text)

/** Attendance: every seat on the meeting's day with its answer, others in attendance, and the quorum. */
async function attendanceView(
  db: Kysely<Database>,
  meeting: Meeting,
  memberships: Membership[],
  typed: Record<string, unknown>,
) {
  const [answers, attendees, setting] = await Promise.all([
    attendanceFor(db, meeting.id),
    attendeesFor(db, meeting.id),
    quorumSetting(db, meeting),
  ])
  const byId = new Map(answers.map((a) => [a.membershipId, a]))
  const seats = memberships.filter((m) => isCurrentMembership(m, meeting.meetsOn))
  const quorum = quorumAt(seats, new Map(answers.map((a) => [a.membershipId, a.attendance])), meeting.meetsOn, setting)
  return {
    quorum: { ...quorum, basis: quorum.quorumSet ? 'set by the board' : `the default: ${QUORUM_DEFAULT_WORDS}` },
    seats: seats.map((m) => {
      const answer = byId.get(m.id)
      const chosen = (typed[`attendance-${m.id}`] as string | undefined) ?? answer?.attendance
      return {
        id: m.id,
        seat: `${m.roleTitle}, ${m.organisationName}`,
        kindName: memberKindNames[m.memberKind],
        attendanceName: answer ? attendanceNames[answer.attendance] : 'Not recorded',
        substituteRole: answer?.substituteRole ?? null,
        substituteValue: (typed[`substitute-${m.id}`] as string | undefined) ?? answer?.substituteRole ?? '',
        items: attendanceKinds.map((k: Attendance) => ({ value: k, text: attendanceNames[k], checked: k === chosen })),
      }
    }),
    attendees: attendees.map((a) => ({ ...a, text: `${a.roleTitle}, ${a.organisationName}` })),
  }
}

/** The agenda, papers (restricted ones only for those who may see them) and decisions, withdrawn ones too. */
async function recordsView(db: Kysely<Database>, meeting: Meeting, seesRestricted: boolean) {
  const [agenda, papers, decisions] = await Promise.all(
    (['agenda', 'papers', 'decisions'] as RecordKind[]).map((k) => recordsOf(db, k, meeting.id)),
  )
  const itemTitle = new Map(agenda!.map((a) => [a.id, recordTitle(a)]))
  const linked = (r: MeetingRecord) => (r.fields.agenda_item_id ? itemTitle.get(str(r.fields.agenda_item_id)) : null)
  const shownPapers = papers!.filter((p) => seesRestricted || !p.fields.restricted)
  return {
    agenda: agenda!.map((a) => ({
      id: a.id,
      position: a.fields.position,
      title: str(a.fields.title),
      purposeName: agendaPurposeNames[a.fields.purpose as AgendaPurpose],
      presenterRole: a.fields.presenter_role,
      ...changeWords(a),
    })),
    papers: shownPapers.map((p) => ({
      id: p.id,
      title: str(p.fields.title),
      url: str(p.fields.url),
      restricted: p.fields.restricted === true,
      agendaItem: linked(p),
      ...changeWords(p),
    })),
    restrictedHidden: papers!.filter((p) => !p.withdrawnAt).length - shownPapers.filter((p) => !p.withdrawnAt).length,
    decisions: decisions!.map((d) => ({
      id: d.id,
      text: str(d.fields.text),
      decidedOnText: formatDate(str(d.fields.decided_on)),
      agendaItem: linked(d),
      ...changeWords(d),
    })),
  }
}

export async function meetingRecordsView(
  db: Kysely<Database>,
  meeting: Meeting,
  memberships: Membership[],
  seesRestricted: boolean,
  typed: Record<string, unknown>,
) {
  const [attendance, records] = await Promise.all([
    attendanceView(db, meeting, memberships, typed),
    recordsView(db, meeting, seesRestricted),
  ])
  return { attendance, ...records }
}
