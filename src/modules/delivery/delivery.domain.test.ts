import { describe, expect, it } from 'vitest'
import {
  actionSchema,
  isOverdue,
  isStale,
  milestoneOverdue,
  progressUpdateSchema,
  statusInfo,
  weeksSinceUpdate,
  type DerivableAction,
} from './delivery.domain.js'

const action = (over: Partial<DerivableAction> = {}): DerivableAction => ({
  status: 'on_track',
  dueDate: '2025-03-31',
  startDate: '2025-01-01',
  createdOn: '2025-01-01',
  lastUpdateDate: null,
  ...over,
})

describe('overdue', () => {
  it('is overdue the day after the due date, not on it', () => {
    expect(isOverdue(action(), '2025-03-31')).toBe(false)
    expect(isOverdue(action(), '2025-04-01')).toBe(true)
  })

  it('is never overdue when complete or cancelled, or without a due date', () => {
    expect(isOverdue(action({ status: 'complete' }), '2026-01-01')).toBe(false)
    expect(isOverdue(action({ status: 'cancelled' }), '2026-01-01')).toBe(false)
    expect(isOverdue(action({ dueDate: null }), '2026-01-01')).toBe(false)
    expect(isOverdue(action({ status: 'off_track' }), '2026-01-01')).toBe(true)
  })

  it('applies to milestones not yet completed', () => {
    expect(milestoneOverdue({ dueDate: '2025-02-01', completedOn: null }, '2025-02-02')).toBe(true)
    expect(milestoneOverdue({ dueDate: '2025-02-01', completedOn: '2025-02-03' }, '2025-02-04')).toBe(false)
  })
})

describe('no update for weeks', () => {
  it('counts whole weeks since the latest update', () => {
    const a = action({ lastUpdateDate: '2025-02-01' })
    expect(weeksSinceUpdate(a, '2025-03-14')).toBe(5) // 41 days
    expect(isStale(a, '2025-03-14')).toBe(false)
    expect(weeksSinceUpdate(a, '2025-03-15')).toBe(6) // 42 days
    expect(isStale(a, '2025-03-15')).toBe(true)
  })

  it('counts from when the action began when it has no update yet', () => {
    expect(weeksSinceUpdate(action({ createdOn: '2025-01-01', startDate: null }), '2025-02-12')).toBe(6)
    // Recorded late for a start long past: not stale on the day it is recorded.
    expect(isStale(action({ createdOn: '2025-06-01', startDate: '2024-01-01' }), '2025-06-01')).toBe(false)
    // Not started yet: nothing is owed.
    expect(weeksSinceUpdate(action({ createdOn: '2025-01-01', startDate: '2025-09-01' }), '2025-06-01')).toBe(0)
  })

  it('takes a custom number of weeks, and never flags a closed action', () => {
    const a = action({ lastUpdateDate: '2025-01-01' })
    expect(isStale(a, '2025-01-29', 4)).toBe(true)
    expect(isStale(a, '2025-01-29')).toBe(false)
    expect(isStale({ ...a, status: 'complete' }, '2026-01-01')).toBe(false)
  })
})

describe('statuses', () => {
  it('give every status words and a GOV.UK tag colour', () => {
    expect(Object.keys(statusInfo)).toEqual([
      'not_started',
      'on_track',
      'at_risk',
      'off_track',
      'complete',
      'cancelled',
    ])
    for (const s of Object.values(statusInfo)) expect(s.label).toMatch(/^[A-Z][a-z ]+$/)
  })
})

describe('the action schema, shared by the form and the import', () => {
  const good = { title: ' Open family hubs ', organisationId: 'lbbd', leadRole: 'Head of Early Help' }

  it('accepts the form and the spreadsheet forms of the same values', () => {
    const form = actionSchema.parse({
      ...good,
      dueDate: { day: '31', month: '3', year: '2026' },
      status: 'on_track',
      indicatorIds: ['a', 'b'],
    })
    const sheet = actionSchema.parse({ ...good, dueDate: '31/03/2026', status: 'On track', indicatorIds: 'a; b' })
    expect(form).toEqual(sheet)
    expect(form).toMatchObject({
      title: 'Open family hubs',
      dueDate: '2026-03-31',
      status: 'on_track',
      indicatorIds: ['a', 'b'],
    })
    // Its own output parses to itself, so the service can check again whatever reaches it.
    expect(actionSchema.parse(form)).toEqual(form)
  })

  it('treats blanks as not given', () => {
    const parsed = actionSchema.parse({
      ...good,
      description: '',
      status: '',
      interventionLevel: ' ',
      startDate: '',
      indicatorIds: '',
    })
    expect(parsed).toMatchObject({
      description: undefined,
      status: undefined,
      interventionLevel: undefined,
      startDate: undefined,
      indicatorIds: [],
    })
  })

  it('gives one message per field, in GOV.UK words', () => {
    const result = actionSchema.safeParse({
      title: '',
      organisationId: '',
      leadRole: 'someone@example.org',
      status: 'done',
      interventionLevel: 'national',
      dueDate: { day: '31', month: '', year: '2026' },
    })
    expect(result.success).toBe(false)
    const messages = Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]))
    expect(messages).toEqual({
      title: 'Enter a title for the action',
      organisationId: 'Select the organisation that owns the action',
      leadRole: 'Enter the lead role, not an email address',
      status: 'Status must be one of: not started, on track, at risk, off track, complete, cancelled',
      interventionLevel: 'Intervention level must be civic, service or community',
      dueDate: 'Due date must include a month',
    })
  })

  it('refuses a due date before the start date', () => {
    const result = actionSchema.safeParse({ ...good, startDate: '2026-04-01', dueDate: '2026-03-31' })
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['dueDate'], message: 'Due date must be the same as or after the start date' }),
    ])
  })
})

describe('the progress update schema', () => {
  const schema = progressUpdateSchema('2025-06-01')

  it('needs a date no later than today, a status and commentary', () => {
    expect(
      schema.parse({
        updateDate: { day: '1', month: '6', year: '2025' },
        status: 'at_risk',
        commentary: ' Staff vacancies ',
      }),
    ).toEqual({
      updateDate: '2025-06-01',
      status: 'at_risk',
      commentary: 'Staff vacancies',
    })
    const result = schema.safeParse({ updateDate: { day: '2', month: '6', year: '2025' } })
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Date of the update must be today or in the past',
      'Select the status of the action now',
      'Enter a commentary on progress',
    ])
    expect(schema.safeParse({ status: 'on_track', commentary: 'x' }).error?.issues[0]?.message).toBe(
      'Enter the date of the update',
    )
  })
})
