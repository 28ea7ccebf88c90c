/**
 * The boards' forms: what each posts, checked with zod, with GOV.UK messages. A date input's error
 * links to its day field, the first of its three.
 */
import { z } from 'zod'
import { fieldError, type FormErrors } from '../../web/forms.js'
import { agendaPurposes, meetingStatuses, memberKinds } from './boards.domain.js'
import { dateField } from '../../lib/dates.js'

/** A required text field: `message` when empty, and a limit named by `label`. */
const text = (message: string, label: string, max = 300) =>
  z.string({ message }).trim().min(1, message).max(max, `${label} must be ${max} characters or fewer`)
const optionalText = (max = 300, label = 'This') =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => v || null)
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || /^\d+$/.test(v), 'Select an agenda item from the list')
const yesNo = (message: string) => z.enum(['yes', 'no'], { message }).transform((v) => v === 'yes')

export const membershipForm = z
  .object({
    roleTitle: text('Enter the role, for example Director of Children’s Services', 'Role'),
    organisationId: text('Select the organisation', 'Organisation'),
    memberKind: z.enum(memberKinds, { message: 'Select the kind of membership' }),
    fromDate: dateField('the date the membership starts', { required: true }),
    toDate: dateField('the date the membership ends', { required: false }),
  })
  .refine((v) => v.toDate === null || v.toDate >= v.fromDate, {
    message: 'The date the membership ends must be on or after the date it starts',
    path: ['toDate'],
  })

export const meetingForm = z.object({
  title: text('Enter the meeting’s title', 'Title'),
  meetsOn: dateField('the date of the meeting', { required: true }),
  location: optionalText(300, 'Location'),
  status: z.enum(meetingStatuses, { message: 'Select whether the meeting is planned, held or cancelled' }),
  public: yesNo('Select whether the meeting is held in public'),
})

export const agendaForm = z.object({
  agendaTitle: text('Enter the agenda item’s title', 'Title'),
  purpose: z.enum(agendaPurposes, { message: 'Select whether the item is for decision, discussion or information' }),
  presenterRole: optionalText(200, 'Presenter’s role'),
})

export const paperForm = z.object({
  paperTitle: text('Enter the paper’s title', 'Title'),
  url: z
    .string()
    .trim()
    .min(1, 'Enter the web address where the paper is published')
    .refine(
      (v) => /^https:\/\/[^\s/$.?#][^\s]*$/i.test(v) && URL.canParse(v),
      'Enter a web address starting with https://, for example https://example.org/papers/item-3.pdf',
    ),
  restricted: yesNo('Select whether the paper is restricted to board members'),
  paperAgendaItemId: optionalId,
})

export const decisionForm = z.object({
  decisionText: text('Enter the decision', 'Decision', 2000),
  decidedOn: dateField('the date of the decision', { required: true }),
  decisionAgendaItemId: optionalId,
})

export const actionForm = z.object({
  actionTitle: text('Enter the action', 'Action'),
  organisationId: text('Select the organisation that owns the action', 'Organisation'),
  leadRole: text('Enter the lead role, for example Head of Early Help', 'Lead role', 200).refine(
    (v) => !v.includes('@'),
    'Enter the lead role, not an email address',
  ),
  dueDate: dateField('the date the action is due', { required: true }),
})

/** The GOV.UK date inputs' plumbing, shared by every form: web/form-dates.ts. */
export { withDateInputs as withDates, formErrorsWithDates as errorsWithDates } from '../../web/form-dates.js'

/** One error on one field; on a date input it links to the day field. */
export function fieldErrorAt(name: string, text: string, dateNames: string[] = []): FormErrors {
  const errors = fieldError(name, text)
  return dateNames.includes(name) ? { ...errors, summary: [{ text, href: `#${name}-day` }] } : errors
}
