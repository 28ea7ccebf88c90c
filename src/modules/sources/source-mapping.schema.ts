/**
 * data/sources/mappings.yaml: where each framework indicator's published figures come from. Each
 * source is one published file (publisher, publication, file, licence); each mapping takes one
 * measure of a source to one indicator and breakdown, with its unit, any scaling, how its years
 * read, and whether it is the framework's exact measure or a proxy (which every page showing it
 * says). Indicators with no public source are listed with the reason, for the coverage page. The
 * build (scripts/build-real-data.ts) reads this file; the site reads it for the labels.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { z } from 'zod'
import { formatPath } from '../strategy/strategy.validate.js'

const Text = z.string().trim().min(1)
const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)

export const SourceFormat = z.enum(['lait', 'ees', 'ons'])
export const YearRule = z.enum(['calendar', 'academic_ending', 'financial_ending'])
export const Match = z.enum(['exact', 'proxy'])
/** How often the publisher updates a source, for when the next figures are due. */
export const UpdateFrequency = z.enum(['annual', 'quarterly', 'monthly', 'discontinued'])

export const Source = z
  .object({
    publisher: Text,
    publication: Text,
    file: Text.describe('the file under ../shared/realdata that the build reads'),
    origin: Text.describe('where the file was published: repository, commit and path'),
    licence: z.literal('Open Government Licence v3.0'),
    format: SourceFormat,
    output: z
      .string()
      .regex(/^real-[a-z0-9-]+\.csv$/)
      .describe('the file in data/datasets the build writes'),
    frequency: UpdateFrequency,
    next_update: Text.optional().describe('when the publisher says the next figures are due'),
    in_build: z
      .boolean()
      .default(true)
      .describe('false for a source imported at run time only: `npm run data:build` does not read it'),
  })
  .strict()

export const Breakdown = z
  .object({
    sex: z.enum(['Persons', 'Male', 'Female']).optional(),
    age: Text.optional(),
    category_type: Text.optional(),
    category: Text.optional(),
  })
  .strict()
  .refine(
    (b) => (b.category_type === undefined) === (b.category === undefined),
    'a category needs its category_type, and the other way round',
  )

export const Mapping = z
  .object({
    indicator: Id,
    source: Id,
    measure: Text.describe('LAIT "Short Desc", an EES indicator column, or an ONS indicator name'),
    minus: Text.optional().describe(
      'LAIT only: a second measure subtracted from the first, same area and period (a gap, in percentage points)',
    ),
    filters: z.record(z.string(), z.string()).default({}).describe('EES filter columns and the value each must have'),
    count: Text.optional().describe('EES column of the numerator'),
    denominator: Text.optional().describe('EES column of the denominator'),
    lower_95: Text.optional(),
    upper_95: Text.optional(),
    years: YearRule.default('calendar'),
    scale: z.number().positive().default(1).describe("multiplies the published value into the indicator's unit"),
    unit: Text.describe('the published unit, after scaling'),
    breakdown: Breakdown.default({}),
    match: Match,
    note: Text.describe("what the measure is; for a proxy, how it differs from the framework's"),
    fills_gaps: z.boolean().default(false).describe('adds only the areas and periods that earlier mappings lack'),
    withheld: z
      .array(z.object({ area: z.string().regex(/^E\d{8}$/), reason: Text }).strict())
      .default([])
      .describe('areas whose published figure is not this measure: stored as missing with the reason'),
  })
  .strict()

export const GapReason = z.enum(['local_data', 'survey_not_run', 'not_defined', 'not_in_stored_sources'])

export const Gap = z.object({ indicator: Id, reason: GapReason, detail: Text }).strict()

export const SourceMappingFile = z
  .object({
    sources: z.record(Id, Source),
    mappings: z.array(Mapping),
    gaps: z.array(Gap).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    file.mappings.forEach((m, i) => {
      const source = file.sources[m.source]
      if (!source)
        ctx.addIssue({ code: 'custom', path: ['mappings', i, 'source'], message: `unknown source "${m.source}"` })
      else if (m.minus && source.format !== 'lait')
        ctx.addIssue({
          code: 'custom',
          path: ['mappings', i, 'minus'],
          message: 'a difference of two measures is read from LAIT only',
        })
    })
    const mapped = new Set(file.mappings.map((m) => m.indicator))
    file.gaps.forEach((g, i) => {
      if (mapped.has(g.indicator))
        ctx.addIssue({
          code: 'custom',
          path: ['gaps', i],
          message: `"${g.indicator}" has a mapping, so it is not a gap`,
        })
    })
  })

export type Source = z.infer<typeof Source>
export type Mapping = z.infer<typeof Mapping>
export type Gap = z.infer<typeof Gap>
export type SourceMappingFile = z.infer<typeof SourceMappingFile>

export const GAP_REASONS: Record<z.infer<typeof GapReason>, string> = {
  local_data: 'Local data needed: no national publication measures it',
  survey_not_run: 'Survey not yet run',
  not_defined: 'The framework does not yet define the measure',
  not_in_stored_sources: 'Published nationally, but not in the files shipped with Best Chance yet',
}

/** Reads and checks the mapping file; throws one message listing every problem. */
export function readSourceMappings(file: string): SourceMappingFile {
  const parsed = SourceMappingFile.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    throw new Error(
      `${file} refused:\n${parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n')}`,
    )
  }
  return parsed.data
}
