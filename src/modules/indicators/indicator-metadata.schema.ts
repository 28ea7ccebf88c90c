/**
 * Indicator metadata files (data/indicators/*.yaml): what each indicator measures and how its
 * statistics are worked out. Where the sources do not say, a field is "tbc" (to be confirmed)
 * rather than an invented value; every stated value cites where it comes from.
 */
import { z } from 'zod'

const Tbc = z.literal('tbc')
const Text = z.string().trim().min(1)
const orTbc = <T extends z.ZodType>(schema: T) => z.union([schema, Tbc])

export const ValueType = z.enum([
  'proportion', // a percentage of a denominator
  'crude_rate', // per N population
  'count',
  'mean',
  'directly_standardised_rate',
  'indirectly_standardised_ratio',
  'ratio',
  'life_expectancy',
  'time', // e.g. weeks to complete an assessment
])
export const Polarity = z.enum(['higher_is_better', 'lower_is_better', 'no_judgement'])
export const CiMethod = z.enum(['wilson', 'byar', 'exact', 'poisson', 'dobson', 't', 'chiang', 'none'])
export const Frequency = z.enum([
  'annual',
  'financial_year',
  'academic_year',
  'quarterly',
  'monthly',
  'rolling_3_year',
  'ad_hoc',
])
/**
 * Who may see an indicator's figures (issue #16): everyone; any signed-in account (partners); or the
 * members of the boards whose scope includes the indicator. The public tier is always disclosure
 * controlled; the rule is accounts/access.ts canSeeTier, the read layer disclosure/visibility.ts.
 */
export const Visibility = z.enum(['public', 'partners', 'board'])
export type Visibility = z.infer<typeof Visibility>

/** Results-Based Accountability: a population indicator, or a performance measure of one of three kinds. */
export const RbaKind = z.enum(['population_indicator', 'how_much', 'how_well', 'better_off'])

export const IndicatorMetadata = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    name: Text,
    definition: orTbc(Text),
    value_type: orTbc(ValueType),
    unit: orTbc(Text).describe('as shown: "%", "per 1,000", "per 100,000", "years", "count"'),
    multiplier: orTbc(z.number().positive()).describe('100 for %, 1000 per 1,000, 1 for counts'),
    decimals: z
      .number()
      .int()
      .min(0)
      .max(4)
      .optional()
      .describe(
        'decimal places values are shown to; when absent, by value type (value-format.ts): counts 0, ratios 2, the rest 1',
      ),
    polarity: orTbc(Polarity),
    ci_method: orTbc(CiMethod),
    frequency: orTbc(Frequency),
    rba_kind: orTbc(RbaKind),
    benchmarks: z.array(z.enum(['england', 'london', 'statistical_neighbours'])).default([]),
    target: z.union([z.null(), Tbc, z.object({ value: z.number(), by: Text, source: Text }).strict()]).default(null),
    fingertips_id: z
      .union([z.number().int().positive(), z.null(), Tbc])
      .describe('null when not a Fingertips indicator'),
    data_source: orTbc(Text).describe(
      'the publisher and dataset, e.g. "OHID Fingertips, Child and Maternal Health profile"',
    ),
    owner: orTbc(Text).describe('an organisation or role, never a person'),
    owner_organisation: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .optional()
      .describe(
        'the id of the organisation (data/organisations) that owns the indicator: its action and risk owners see its draft releases. Only where a source names it',
      ),
    in_framework: z.boolean().describe('false for context indicators that the seeds give figures for'),
    notes: Text.optional().describe('why a value was chosen, and what remains to be confirmed'),
    visibility: Visibility.optional().describe('who may see its figures; absent: public'),
    breakdown_visibility: z
      .record(Text, Visibility)
      .optional()
      .describe('a tier per breakdown, by category type (e.g. "Deprivation decile": partners); else the indicator’s'),
    data_sharing: z
      .object({ unsuppressed: z.boolean(), basis: Text })
      .strict()
      .optional()
      .describe(
        'whether the data-sharing basis lets the restricted tiers see counts below the disclosure threshold, and that basis',
      ),
  })
  .strict()

export const IndicatorMetadataFile = z.object({ indicators: z.array(IndicatorMetadata) }).strict()
export type IndicatorMetadata = z.infer<typeof IndicatorMetadata>
