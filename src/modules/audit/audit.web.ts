/** The audit trail, for administrators: every change to a record, who made it and when, before and after. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { noErrors } from '../../web/forms.js'
import { NotFound } from '../../web/render.js'
import { errorsWithDates, withDates } from '../boards/boards.forms.js'
import { dateField, formatDateTime, londonMidnight, nextDay } from '../../lib/dates.js'
import { riskHref } from '../risks/risks.service.js'
import { diffRecords } from './audit.diff.js'
import { auditEntityTypes, findAuditTrail, searchAuditEvents } from './audit.repository.js'

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
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'The last date must be the same as or after the first date', path: ['to'] })

/** A record's own page, where the trail can link back to it. */
const recordPages: Record<string, (id: string) => string> = {
  meeting: (id) => `/meetings/${encodeURIComponent(id)}`,
  action: (id) => `/actions/${encodeURIComponent(id)}`,
  risk: (id) => riskHref(encodeURIComponent(id)),
  user: () => '/admin/users',
  strategy: (id) => `/strategies/${encodeURIComponent(id)}`,
}

const recordName = (type: string, id: string) => `${type.replace(/[_-]/g, ' ')} ${id}`
const trailHref = (type: string, id: string) => `/audit/${encodeURIComponent(type)}/${encodeURIComponent(id)}`

export function auditRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps

  app.get('/audit', administrators, async (req, reply) => {
    const dates = ['from', 'to']
    const input = withDates(req.query, dates)
    const parsed = filterForm.safeParse(input)
    const types = await auditEntityTypes(db)
    const values = { type: input.type, actor: input.actor, from: input.from, to: input.to }
    const typeItems = (selected: unknown) => [{ value: '', text: 'All kinds of record' }, ...types.map((t) => ({ value: t, text: t, selected: t === selected }))]
    if (!parsed.success) {
      return reply
        .code(400)
        .page('pages/audit/index.njk', { navActive: 'audit', errors: errorsWithDates(parsed.error, dates), values, typeItems: typeItems(input.type), events: [], total: 0 })
    }
    const f = parsed.data
    const filter = {
      entityType: f.type ?? undefined,
      actor: f.actor ?? undefined,
      from: f.from ? londonMidnight(f.from) : undefined,
      until: f.to ? londonMidnight(nextDay(f.to)) : undefined,
    }
    const { rows, total } = await searchAuditEvents(db, filter, { limit: AUDIT_PAGE_SIZE, offset: (f.page - 1) * AUDIT_PAGE_SIZE })
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
    const pageHref = (n: number) => {
      const q = new URLSearchParams()
      for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) if (typeof v === 'string' && v !== '' && k !== 'page') q.set(k, v)
      if (n > 1) q.set('page', String(n))
      const s = q.toString()
      return `/audit${s ? `?${s}` : ''}`
    }
    return reply.page('pages/audit/index.njk', {
      navActive: 'audit',
      errors: noErrors,
      values,
      typeItems: typeItems(f.type),
      events: rows.map((e) => ({
        id: e.id,
        when: formatDateTime(e.occurred_at),
        actor: e.actor,
        action: e.action,
        record: recordName(e.entity_type, e.entity_id),
        href: trailHref(e.entity_type, e.entity_id),
        changed: diffRecords(e.before, e.after).map((c) => c.field),
      })),
      total,
      page: f.page,
      pages,
      first: total ? (f.page - 1) * AUDIT_PAGE_SIZE + 1 : 0,
      last: Math.min(total, f.page * AUDIT_PAGE_SIZE),
      previous: f.page > 1 ? { href: pageHref(f.page - 1) } : undefined,
      next: f.page < pages ? { href: pageHref(f.page + 1) } : undefined,
      filtered: Boolean(f.type || f.actor || f.from || f.to),
    })
  })

  app.get<{ Params: { entityType: string; entityId: string } }>('/audit/:entityType/:entityId', administrators, async (req, reply) => {
    const { entityType, entityId } = req.params
    if (!entityTypePattern.test(entityType) || entityId.length > 200) throw new NotFound()
    const trail = await findAuditTrail(db, entityType, entityId)
    return reply.page('pages/audit/record.njk', {
      navActive: 'audit',
      breadcrumbs: [{ text: 'Audit trail', href: '/audit' }],
      record: { type: entityType, id: entityId, name: recordName(entityType, entityId), href: recordPages[entityType]?.(entityId) ?? null },
      events: trail.map((e) => ({
        id: e.id,
        when: formatDateTime(e.occurred_at),
        actor: e.actor,
        action: e.action,
        created: e.before === null,
        changes: diffRecords(e.before, e.after),
      })),
    })
  })
}
