/**
 * The OpenAPI description of the data routes' filters and paging (api-paging.ts), kept apart so the
 * description in openapi.ts stays readable. Order matters: it is the order the docs page lists them.
 */
import { DEFAULT_LIMIT, MAX_LIMIT } from './api-paging.js'

/** A filter on a data point's period or breakdown: one value, or several separated by commas. */
const filter = (name: string, what: string, example?: string) => ({
  name,
  in: 'query',
  required: false,
  description: `Only these ${what}: one, or several separated by commas. Disclosure control is decided over the whole indicator before any filter or page.`,
  schema: { type: 'string' },
  ...(example ? { example } : {}),
})

export const dataParameters = {
  period: filter('period', 'periods, by label (2021/22) or key', '2021/22'),
  sex: filter('sex', 'sexes (Persons, Male, Female)', 'Persons'),
  age: filter('age', 'age groups'),
  category_type: filter('category_type', 'kinds of breakdown (such as deprivation deciles)'),
  category: filter('category', 'breakdown categories'),
  limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: `The most rows in one answer: ${DEFAULT_LIMIT} unless given, at most ${MAX_LIMIT}. Follow \`next\` for the rest.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    example: 100,
  },
  offset: {
    name: 'offset',
    in: 'query',
    required: false,
    description: 'How many rows to skip (0 unless given): `next` gives the offset of the following page.',
    schema: { type: 'integer', minimum: 0, default: 0 },
    example: 0,
  },
}
