/**
 * The forms of a meeting's record: each seat's attendance, others in attendance, the board's
 * quorum, and the reason given for correcting or withdrawing an agenda item, paper or decision.
 * Checked with zod, in GOV.UK words; a role is never an e-mail address.
 */
import { z } from 'zod'
import { fieldError, type FormErrors } from '../../web/forms.js'
import { attendanceKinds, type Attendance } from './boards.quorum.js'
import type { SeatAttendance } from './boards.records.repository.js'

const role = (message: string) =>
  z
    .string({ message })
    .trim()
    .min(1, message)
    .max(200, 'The role must be 200 characters or fewer')
    .refine((v) => !v.includes('@'), 'Enter a role, not an email address')

export const attendeeForm = z.object({
  attendeeRole: role('Enter the role of the person in attendance, for example Head of Early Help'),
  attendeeOrganisationId: z.string({ message: 'Select their organisation' }).trim().min(1, 'Select their organisation'),
})

export const quorumForm = z.object({
  quorum: z
    .string({ message: 'Enter the quorum, a whole number of members' })
    .trim()
    .regex(/^\d{1,3}$/, 'Enter the quorum as a whole number of members, for example 4')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, 'The quorum must be between 1 and 500 members'),
})

const reason = (message: string) =>
  z.string({ message }).trim().min(1, message).max(1000, 'The reason must be 1000 characters or fewer')

export const correctionReason = z.object({ reason: reason('Enter the reason for the correction') })
export const withdrawalForm = z.object({ withdrawReason: reason('Enter the reason for withdrawing it') })

/**
 * Each seat's answer from the attendance form (`attendance-<seat>`, `substitute-<seat>`); a seat
 * left unanswered is not recorded. Errors name the seat's own field.
 */
export function readAttendance(
  body: Record<string, unknown>,
  seatIds: readonly string[],
): { ok: true; seats: SeatAttendance[] } | { ok: false; errors: FormErrors } {
  const seats: SeatAttendance[] = []
  for (const id of seatIds) {
    const value = body[`attendance-${id}`]
    if (value === undefined || value === '') continue
    if (typeof value !== 'string' || !(attendanceKinds as readonly string[]).includes(value))
      return { ok: false, errors: fieldError(`attendance-${id}`, 'Select present, substitute, apologies or absent') }
    const attendance = value as Attendance
    if (attendance !== 'substitute') {
      seats.push({ membershipId: id, attendance, substituteRole: null })
      continue
    }
    const parsed = role('Enter the substitute’s role, for example Deputy Director').safeParse(
      body[`substitute-${id}`] ?? '',
    )
    if (!parsed.success)
      return { ok: false, errors: fieldError(`substitute-${id}`, parsed.error.issues[0]?.message ?? 'Enter a role') }
    seats.push({ membershipId: id, attendance, substituteRole: parsed.data })
  }
  if (!seats.length && seatIds.length)
    return { ok: false, errors: fieldError(`attendance-${seatIds[0]}`, 'Select the attendance of at least one member') }
  return { ok: true, seats }
}
