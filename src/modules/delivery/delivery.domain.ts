/**
 * What an action is, in pure terms: its statuses and intervention levels with their words, what is
 * derived from its dates (overdue; no update for weeks), and the one schema that both the web form
 * and the import check an action against, so both give the same messages.
 */
import { z } from 'zod'
import { daysBetween, parseDate, type IsoDate } from '../../lib/dates.js'

export const actionStatuses = ['not_started', 'on_track', 'at_risk', 'off_track', 'complete', 'cancelled'] as const
export type ActionStatus = (typeof actionStatuses)[number]

/** Each status's words and GOV.UK tag colour. The tag always shows the words: never colour alone. */
export const statusInfo: Record<ActionStatus, { label: string; colour: string }> = {
  not_started: { label: 'Not started', colour: 'grey' },
  on_track: { label: 'On track', colour: 'green' },
  at_risk: { label: 'At risk', colour: 'yellow' },
  off_track: { label: 'Off track', colour: 'red' },
  complete: { label: 'Complete', colour: 'blue' },
  cancelled: { label: 'Cancelled', colour: 'grey' },
}

export const interventionLevels = ['civic', 'service', 'community'] as const
export type InterventionLevel = (typeof interventionLevels)[number]

/** The population intervention triangle's three levels, as the partnership's strategies use them. */
export const interventionInfo: Record<InterventionLevel, { label: string; hint: string }> = {
  civic: { label: 'Civic', hint: 'Place-wide: policy, regulation, planning, the built environment' },
  service: { label: 'Service', hint: 'Delivered through services: health, care, education, early help' },
  community: { label: 'Community', hint: 'Community-centred: led with residents, families and local groups' },
}

export const statusLabel = (status: string) => statusInfo[status as ActionStatus]?.label ?? status
export const statusTagClass = (status: string) => `govuk-tag--${statusInfo[status as ActionStatus]?.colour ?? 'grey'}`

/** A complete or cancelled action is closed: never overdue, never waiting for an update. */
export const isClosed = (status: string) => status === 'complete' || status === 'cancelled'

/** How long without a progress update before an action is flagged. */
export const STALE_WEEKS = 6

export interface DerivableAction {
  status: string
  dueDate: IsoDate | null
  startDate: IsoDate | null
  /** The date the action was recorded. */
  createdOn: IsoDate
  /** The date of its latest progress update, if it has any. */
  lastUpdateDate: IsoDate | null
}

/** The due date has passed and the action is neither complete nor cancelled. */
export function isOverdue(action: Pick<DerivableAction, 'status' | 'dueDate'>, today: IsoDate): boolean {
  return !isClosed(action.status) && action.dueDate !== null && action.dueDate < today
}

/**
 * Whole weeks since the latest progress update or, with none yet, since the action began (its
 * start date or the day it was recorded, whichever is later: an action recorded today is not late
 * for its first update, nor is one that has not started).
 */
export function weeksSinceUpdate(action: Omit<DerivableAction, 'status' | 'dueDate'>, today: IsoDate): number {
  const began = action.startDate && action.startDate > action.createdOn ? action.startDate : action.createdOn
  const since = action.lastUpdateDate ?? began
  return Math.max(0, Math.floor(daysBetween(since, today) / 7))
}

/** "No update for N weeks": an open action whose owner has said nothing for `weeks` weeks or more. */
export function isStale(action: DerivableAction, today: IsoDate, weeks = STALE_WEEKS): boolean {
  return !isClosed(action.status) && weeksSinceUpdate(action, today) >= weeks
}

export function milestoneOverdue(
  milestone: { dueDate: IsoDate | null; completedOn: IsoDate | null },
  today: IsoDate,
): boolean {
  return milestone.completedOn === null && milestone.dueDate !== null && milestone.dueDate < today
}

// ---- the schema shared by the form and the import ----------------------------------------------

const blank = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v)

const requiredText = (missing: string, max: number, tooLong: string) =>
  z.preprocess(blank, z.string({ error: missing }).trim().min(1, missing).max(max, tooLong))

const optionalText = (max: number, tooLong: string) =>
  z.preprocess(blank, z.string().trim().max(max, tooLong).optional())

/** "On track", "on-track" and "on_track" are all the same status: spreadsheets use the words. */
const asCode = (v: unknown) =>
  typeof v === 'string'
    ? v
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : v

const dateValue = (label: string) =>
  z.unknown().transform((value, ctx): IsoDate | undefined => {
    const result = parseDate(value, label)
    if (result.ok) return result.date
    ctx.addIssue({ code: 'custom', message: result.message })
    return z.NEVER
  })

const optionalDate = (label: string) => dateValue(label).optional()

const requiredDate = (label: string, missing: string) =>
  dateValue(label).transform((date, ctx): IsoDate => {
    if (date !== undefined) return date
    ctx.addIssue({ code: 'custom', message: missing })
    return z.NEVER
  })

const statusEnum = (missing: string) =>
  z.enum(actionStatuses, {
    error: (issue) =>
      issue.input === undefined
        ? missing
        : 'Status must be one of: not started, on track, at risk, off track, complete, cancelled',
  })
const requiredStatus = (missing: string) => z.preprocess((v) => asCode(blank(v)), statusEnum(missing))
const optionalStatus = z.preprocess((v) => asCode(blank(v)), statusEnum('Select the status').optional())

/** Indicator ids from checkboxes (one or many) or a spreadsheet cell ("a; b"). */
export const idList = (v: unknown) => {
  const list =
    typeof v === 'string'
      ? v.split(/[;,\s]+/)
      : Array.isArray(v)
        ? v.map((x) => String(x))
        : v === undefined || v === null
          ? []
          : v
  return Array.isArray(list) ? [...new Set(list.map((x) => x.trim()).filter(Boolean))] : list
}

const actionObject = z.object({
  title: requiredText('Enter a title for the action', 300, 'Title must be 300 characters or fewer'),
  description: optionalText(5000, 'Description must be 5,000 characters or fewer'),
  strategyId: optionalText(200, 'Strategy must be 200 characters or fewer'),
  intentionId: optionalText(200, 'Intention must be 200 characters or fewer'),
  priorityId: optionalText(200, 'Priority must be 200 characters or fewer'),
  deliveryPlan: optionalText(200, 'Delivery plan must be 200 characters or fewer'),
  organisationId: requiredText(
    'Select the organisation that owns the action',
    200,
    'Organisation must be 200 characters or fewer',
  ),
  leadRole: requiredText(
    'Enter the lead role, for example Head of Early Help',
    200,
    'Lead role must be 200 characters or fewer',
  ).refine((role) => !role.includes('@'), 'Enter the lead role, not an email address'),
  startDate: optionalDate('Start date'),
  dueDate: optionalDate('Due date'),
  status: optionalStatus,
  interventionLevel: z.preprocess(
    (v) => asCode(blank(v)),
    z.enum(interventionLevels, { error: 'Intervention level must be civic, service or community' }).optional(),
  ),
  indicatorIds: z.preprocess(idList, z.array(z.string().max(200, 'An indicator id must be 200 characters or fewer'))),
  origin: optionalText(200, 'Origin must be 200 characters or fewer'),
})

const dueNotBeforeStart = (a: { startDate?: IsoDate; dueDate?: IsoDate }) =>
  !a.startDate || !a.dueDate || a.dueDate >= a.startDate
const dueMessage = { message: 'Due date must be the same as or after the start date', path: ['dueDate'] }

/**
 * An action's fields, from the form or a row of an import file (dates as day/month/year parts or as
 * text, statuses as words or codes, indicators as a list or "a; b"). Parsing its own output gives
 * the same output, so the service checks again whatever reaches it.
 */
export const actionSchema = actionObject.refine(dueNotBeforeStart, dueMessage)
export type ActionFields = z.output<typeof actionSchema>
/** What callers may pass: the schema's loose input. */
export type ActionInput = z.input<typeof actionSchema>

/** A field's name in the schema: the form's field names and the import's column names map to these. */
export type ActionField = keyof z.output<typeof actionObject>

export const milestoneSchema = z.object({
  title: requiredText('Enter the milestone', 300, 'Milestone must be 300 characters or fewer'),
  dueDate: optionalDate('Milestone due date'),
})
export type MilestoneFields = z.output<typeof milestoneSchema>

/** A progress update: dated (today or earlier), the status it leaves the action in, and what happened. */
export const progressUpdateSchema = (today: IsoDate) =>
  z.object({
    updateDate: requiredDate('Date of the update', 'Enter the date of the update').refine(
      (d) => d <= today,
      'Date of the update must be today or in the past',
    ),
    status: requiredStatus('Select the status of the action now'),
    commentary: requiredText('Enter a commentary on progress', 5000, 'Commentary must be 5,000 characters or fewer'),
  })
export type ProgressUpdateFields = z.output<ReturnType<typeof progressUpdateSchema>>
