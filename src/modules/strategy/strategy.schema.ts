/**
 * The shape of a strategy file (data/strategies/*.yaml). One schema gives the validation, the
 * TypeScript types and the error messages. Keys are snake_case because people edit these files.
 *
 * Every item cites its source: the source document's file name and a quote that appears in that
 * document (whitespace aside), so anyone can check the product against the strategy itself.
 */
import { z } from 'zod'

/** Lower-case words joined by hyphens: stable, readable, usable in URLs. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by single hyphens')

/** A link to another item: "item-id" in the same strategy, or "strategy-id:item-id" in another. */
export const Ref = z
  .string()
  .regex(
    /^([a-z0-9]+(-[a-z0-9]+)*:)?[a-z0-9]+(-[a-z0-9]+)*$/,
    'must be an item id, or "strategy-id:item-id" for an item in another strategy',
  )

const Text = z.string().trim().min(1, 'must not be empty')

export const Source = z
  .object({
    file: Text.describe("the source document, as named in the strategy's sources list"),
    section: Text.optional().describe('heading or page section the quote comes from'),
    quote: Text.describe('words that appear in the source document, whitespace aside'),
  })
  .strict()

const Refs = z.array(Ref).default([])

export const Intention = z
  .object({ id: Slug, number: z.number().int().positive(), text: Text, priorities: Refs, source: Source })
  .strict()

export const SuccessMeasure = z.object({ id: Slug, text: Text, intentions: Refs, source: Source }).strict()

export const Outcome = z
  .object({
    id: Slug,
    short_title: Text,
    title: Text,
    statement: Text.optional(),
    intentions: z.array(Intention).default([]),
    success_measures: z.array(SuccessMeasure).default([]),
    source: Source,
  })
  .strict()

export const Indicator = z
  .object({
    id: Slug,
    title: Text.describe('one measurable indicator'),
    framework_text: Text.optional().describe('the framework bullet it was split from, word for word'),
    outcome: Ref.optional(),
    theme: Ref.optional(),
    life_course_stage: Ref.optional(),
    intentions: Refs,
    success_measures: Refs,
    priorities: Refs,
    childrens_outcomes: Refs,
    source: Source,
  })
  .strict()

export const BodyKind = z.enum(['partnership', 'board', 'committee', 'forum', 'group', 'subgroup'])
export const RelationshipKind = z.enum(['reports_to', 'subgroup_of', 'works_closely_with', 'delivers_for'])

export const Body = z
  .object({
    id: Slug,
    name: Text,
    kind: BodyKind,
    description: Text.optional(),
    min_meetings_per_year: z.number().int().positive().optional(),
    count: z.number().int().positive().optional().describe('how many such bodies, e.g. 3 locality forums'),
    source: Source,
  })
  .strict()

export const Relationship = z
  .object({ from: Ref, to: Ref, kind: RelationshipKind, label: Text.optional(), source: Source })
  .strict()

const Simple = z.object({ id: Slug, title: Text, text: Text.optional(), source: Source }).strict()

export const StrategyFile = z
  .object({
    id: Slug,
    title: Text,
    short_title: Text,
    subtitle: Text.optional(),
    partnership: Text,
    area_code: z.string().regex(/^E\d{8}$/, 'must be an ONS GSS code such as E09000002'),
    period: z
      .object({
        start: z.string().regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM'),
        end: z.string().regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM'),
      })
      .strict(),
    sources: z.array(z.object({ file: Text, title: Text, date: Text.optional() }).strict()).min(1),
    source: Source,
    vision: z.object({ text: Text, source: Source }).strict(),
    pledges: z.array(z.object({ id: Slug, title: Text, meaning: Text, source: Source }).strict()).default([]),
    outcomes: z.array(Outcome).default([]),
    priorities: z.array(Simple).default([]),
    childrens_outcomes: z
      .array(z.object({ id: Slug, title: Text, statement: Text, source: Source }).strict())
      .default([]),
    themes: z
      .array(z.object({ id: Slug, title: Text, text: Text.optional(), outcomes: Refs, source: Source }).strict())
      .default([]),
    principles: z.array(Simple).default([]),
    life_course_stages: z.array(Simple).default([]),
    actions: z
      .array(
        z
          .object({
            id: Slug,
            text: Text,
            priority: Ref.optional(),
            outcome: Ref.optional(),
            theme: Ref.optional(),
            source: Source,
          })
          .strict(),
      )
      .default([]),
    indicators: z.array(Indicator).default([]),
    facts: z.array(z.object({ id: Slug, text: Text, topics: Refs, source: Source }).strict()).default([]),
    governance: z
      .object({ bodies: z.array(Body).default([]), relationships: z.array(Relationship).default([]) })
      .strict()
      .default({ bodies: [], relationships: [] }),
    documents: z.array(z.object({ id: Slug, title: Text, body: Ref.optional(), source: Source }).strict()).default([]),
  })
  .strict()

export type StrategyFile = z.infer<typeof StrategyFile>
export type SourceCitation = z.infer<typeof Source>
