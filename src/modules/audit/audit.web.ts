/**
 * The audit trail, for administrators: every change to a record, who made it (the name kept with
 * the event, and its key) and when, before and after. Reads only the trail; links to each kind of
 * record's page by its address.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { noErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { formErrorsWithDates, withDateInputs } from '../../web/form-dates.js'
import { dateField, formatDate, formatDateTime, londonMidnight, nextDay } from '../../lib/dates.js'
import { diffRecords } from './audit.diff.js'
import { actorWords, describeChange, entityTypeName, meetingName, recordWords, type Names } from './audit.describe.js'
import { meetingNames } from '../boards/meeting-names.repository.js'
import { listOrganisations } from '../accounts/organisations.repository.js'
import {
  auditEntityTypes,
  findAuditTrail,
  searchAuditEvents,
  type AuditFilter,
  type AuditRecord,
} from './audit.repository.js'

const administrators = { config: { access: ['administrator'] } } as const
export const AUDIT_PAGE_SIZE = 50

const entityTypePattern = /^[a-z][a-z0-9_-]{0,60}$/

const filterForm = z
  .object({
    type: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || entityTypePattern.test(v), 'Select a kind of record from the list'),
    actor: z
      .string()
      .trim()
      .max(200, 'Who made the change must be 200 characters or fewer')
      .optional()
      .transform((v) => v || null),
    from: dateField('the first date', { required: false }),
    to: dateField('the last date', { required: false }),
    page: z
      .string()
      .optional()
      .transform((v) => (v && /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : 1)),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: 'The last date must be the same as or after the first date',
    path: ['to'],
  })

/** A record's own page, where the trail can link back to it. */
const recordPages: Record<string, (id: string) => string> = {
  meeting: (id) => `/meetings/${encodeURIComponent(id)}`,
  action: (id) => `/actions/${encodeURIComponent(id)}`,
  risk: (id) => `/risks/${encodeURIComponent(id)}`,
  user: () => '/admin/users',
  strategy: (id) => `/strategies/${encodeURIComponent(id)}`,
}

const recordName = (type: string, id: string) => `${entityTypeName(type).toLowerCase()} ${id}`
const trailHref = (type: string, id: string) => `/audit/${encodeURIComponent(type)}/${encodeURIComponent(id)}`

/** Who made a change: the name kept with the event, and the stable key (email, file, command) beside it. */
const actorView = (e: AuditRecord) => ({ name: actorWords(e), key: e.actor })

/** The meetings these events are about: a meeting's own changes, and a board pack's meeting. */
const meetingIdsOf = (events: readonly AuditRecord[]) =>
  events.flatMap((e) => {
    if (e.entityType === 'meeting') return [e.entityId]
    const meeting = (e.after as { meeting?: unknown } | null)?.meeting
    return e.entityType === 'board_pack' && typeof meeting === 'string' ? [meeting] : []
  })

/**
 * Organisation, board and meeting names for the trail's sentences. A meeting is named by its board
 * and day, read from the meetings themselves: an agenda item's or decision's own data does not carry them.
 */
async function namesFor({ db, strategies }: WebDeps, events: readonly AuditRecord[]): Promise<Names> {
  const [organisations, m, meetings] = await Promise.all([
    listOrganisations(db),
    strategies.readModel(),
    meetingNames(db, meetingIdsOf(events)),
  ])
  const byId = new Map(organisations.map((o) => [o.id, o.name]))
  const boardTitle = (strategyId: string | undefined, boardId: string | undefined) =>
    boardId ? m.find('body', boardId, strategyId)?.title : undefined
  const meetingById = new Map(
    meetings.map((x) => [
      x.id,
      meetingName({ title: x.title, day: formatDate(x.meetsOn) }, boardTitle(x.strategyId, x.boardId)),
    ]),
  )
  return {
    organisation: (id) => byId.get(id),
    board: (key) => {
      const [strategyId, boardId] = key.split(':')
      return boardTitle(strategyId, boardId)
    },
    meeting: (id) => meetingById.get(id),
  }
}

const dates = ['from', 'to']
type FilterValues = Record<string, unknown>

/** The filter as the repository takes it: London calendar days as instants. */
function auditFilter(f: z.output<typeof filterForm>): AuditFilter {
  return {
    entityType: f.type ?? undefined,
    actor: f.actor ?? undefined,
    from: f.from ? londonMidnight(f.from) : undefined,
    until: f.to ? londonMidnight(nextDay(f.to)) : undefined,
  }
}

/** A page of the trail's address, keeping the query's filter. */
function pageHref(query: Record<string, unknown>, n: number): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v !== '' && k !== 'page') q.set(k, v)
  if (n > 1) q.set('page', String(n))
  const s = q.toString()
  return `/audit${s ? `?${s}` : ''}`
}

const eventRow = (names: Names) => (e: AuditRecord) => ({
  id: e.id,
  when: formatDateTime(e.occurredAt),
  actor: actorView(e),
  action: e.action,
  description: describeChange(e, names),
  record: recordWords(e, names),
  href: trailHref(e.entityType, e.entityId),
  changed: diffRecords(e.before, e.after).map((c) => c.field),
})

function recentChangesRoute(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  app.get('/audit', administrators, async (req, reply) => {
    const query = req.query as FilterValues
    const input = withDateInputs(query, dates)
    const parsed = filterForm.safeParse(input)
    const types = await auditEntityTypes(db)
    const values = { type: input.type, actor: input.actor, from: input.from, to: input.to }
    const typeItems = (selected: unknown) => [
      { value: '', text: 'All kinds of record' },
      ...types.map((t) => ({ value: t, text: entityTypeName(t), selected: t === selected })),
    ]
    if (!parsed.success) {
      const errors = formErrorsWithDates(parsed.error, dates)
      return reply.code(400).page('pages/audit/index.njk', {
        navActive: 'audit',
        errors,
        values,
        typeItems: typeItems(input.type),
        events: [],
        total: 0,
      })
    }
    const f = parsed.data
    const { rows, total } = await searchAuditEvents(db, auditFilter(f), {
      limit: AUDIT_PAGE_SIZE,
      offset: (f.page - 1) * AUDIT_PAGE_SIZE,
    })
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
    return reply.page('pages/audit/index.njk', {
      navActive: 'audit',
      errors: noErrors,
      values,
      typeItems: typeItems(f.type),
      events: rows.map(eventRow(await namesFor(deps, rows))),
      total,
      page: f.page,
      pages,
      first: total ? (f.page - 1) * AUDIT_PAGE_SIZE + 1 : 0,
      last: Math.min(total, f.page * AUDIT_PAGE_SIZE),
      previous: f.page > 1 ? { href: pageHref(query, f.page - 1) } : undefined,
      next: f.page < pages ? { href: pageHref(query, f.page + 1) } : undefined,
      filtered: Boolean(f.type || f.actor || f.from || f.to),
    })
  })
}

function recordTrailRoute(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  app.get<{ Params: { entityType: string; entityId: string } }>(
    '/audit/:entityType/:entityId',
    administrators,
    async (req, reply) => {
      const { entityType, entityId } = req.params
      if (!entityTypePattern.test(entityType) || entityId.length > 200) throw new NotFound()
      const trail = await findAuditTrail(db, entityType, entityId)
      const names = await namesFor(deps, trail)
      return reply.page('pages/audit/record.njk', {
        navActive: 'audit',
        breadcrumbs: [{ text: 'Audit trail', href: '/audit' }],
        record: {
          type: entityType,
          id: entityId,
          name: recordName(entityType, entityId),
          href: recordPages[entityType]?.(entityId) ?? null,
        },
        events: trail.map((e) => ({
          id: e.id,
          when: formatDateTime(e.occurredAt),
          actor: actorView(e),
          action: e.action,
          description: describeChange(e, names),
          created: e.before === null,
          changes: diffRecords(e.before, e.after),
        })),
      })
    },
  )
}

export function auditRoutes(app: FastifyInstance, deps: WebDeps) {
  recentChangesRoute(app, deps)
  recordTrailRoute(app, deps)
}
