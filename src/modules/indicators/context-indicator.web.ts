/**
 * An analyst adds a context indicator from the web, without a developer: its name, where its
 * figures come from (a Fingertips indicator id, or the publisher and dataset), its unit and which
 * way is better; every other field is "tbc" until confirmed. Audited (withChange); kept when the
 * metadata files load at the next start (source_file "web"); then its file imports as any other.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { WebDeps } from '../module-deps.js'
import { withChange } from '../../db/changes/with-change.js'
import { webActor } from '../../db/changes/actor.js'
import { fieldError, formErrors, noErrors, type FormErrors } from '../../web/forms.js'
import { Polarity } from './indicator-metadata.schema.js'
import { contextIndicator, suggestedId } from './import/new-measures.js'
import {
  indicatorIds,
  indicatorSnapshot,
  indicatorWithFingertipsId,
  insertWebIndicator,
} from './context-indicator.repository.js'

const analysts = ['analyst'] as const
const PATH = '/coverage/new-indicator'
const TEMPLATE = 'pages/indicator/new-context.njk'
const text = (name: string, max: number) => z.string().trim().max(max, `${name} must be ${max} characters or fewer`)

export const contextIndicatorForm = z.object({
  name: text('The name', 150).min(1, 'Enter the indicator’s name'),
  fingertipsId: z
    .string()
    .trim()
    .regex(/^\d{0,9}$/, 'The Fingertips indicator id must be a whole number, such as 93356')
    .default(''),
  dataSource: text('Where the figures come from', 500).min(
    1,
    'Say where the figures come from: the publisher and dataset',
  ),
  unit: text('The unit', 50).default(''),
  polarity: z
    .enum([...Polarity.options, 'tbc'], { message: 'Choose which way is better, or not confirmed yet' })
    .default('tbc'),
  notes: text('The notes', 2000).default(''),
})

const polarityItems = (chosen: unknown) =>
  [
    { value: 'higher_is_better', text: 'Higher is better' },
    { value: 'lower_is_better', text: 'Lower is better' },
    { value: 'no_judgement', text: 'Neither: no judgement' },
    { value: 'tbc', text: 'Not confirmed yet' },
  ].map((i) => ({ ...i, checked: i.value === (chosen ?? 'tbc') }))

const view = (values: Record<string, unknown>, errors: FormErrors) => ({
  navActive: 'indicators',
  action: PATH,
  values,
  errors,
  polarityItems: polarityItems(values.polarity),
})

export function contextIndicatorRoutes(app: FastifyInstance, deps: WebDeps) {
  const { db } = deps
  app.get(PATH, { config: { access: analysts } }, async (_req, reply) => reply.page(TEMPLATE, view({}, noErrors)))

  app.post(PATH, { config: { access: analysts } }, async (req, reply) => {
    const posted = (req.body ?? {}) as Record<string, unknown>
    const parsed = contextIndicatorForm.safeParse(posted)
    if (!parsed.success) return reply.code(400).page(TEMPLATE, view(posted, formErrors(parsed.error)))
    const form = parsed.data
    const fingertipsId = form.fingertipsId ? Number(form.fingertipsId) : undefined
    const holder = fingertipsId ? await indicatorWithFingertipsId(db, fingertipsId) : null
    if (holder)
      return reply
        .code(400)
        .page(
          TEMPLATE,
          view(
            posted,
            fieldError('fingertipsId', `Fingertips indicator ${fingertipsId} is already the indicator ${holder}`),
          ),
        )
    const indicator = {
      ...contextIndicator(suggestedId(form.name, await indicatorIds(db)), form.name, {
        fingertipsId,
        dataSource: form.dataSource,
        notes: form.notes || 'Added from the web by an analyst; every tbc is to be confirmed.',
      }),
      unit: form.unit || 'tbc',
      polarity: form.polarity,
    }
    await withChange(
      db,
      webActor(req.user!),
      {
        entityType: 'indicator',
        action: 'indicator.create',
        idOf: (r: { id: string }) => r.id,
        snapshot: indicatorSnapshot,
      },
      (tx) => insertWebIndicator(tx, indicator),
    )
    return reply.redirect(`/coverage`, 303)
  })
}
