/**
 * The OpenAPI description of the list routes' filters and paging (api-paging.ts), kept apart so the
 * description in openapi.ts stays readable. Order matters: it is the order the docs page lists them.
 */
import { DEFAULT_LIMIT, MAX_LIMIT } from './api-paging.js'

const nullableList = { type: ['array', 'null'], items: { type: 'string' } }

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
    description: `The most rows in one answer: ${DEFAULT_LIMIT} unless given, at most ${MAX_LIMIT} (a larger limit is refused with 400). Follow \`next\` for the rest.`,
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

/** The paging parameters every list route takes. */
export const pagingParameters = [dataParameters.limit, dataParameters.offset]

/** The period and breakdown filters, then paging: what a route listing data takes after its area filter. */
export const breakdownParameters = Object.values(dataParameters)

/** The paging fields of every list's answer. */
export const pageSchemaFields = {
  count: { type: 'integer', minimum: 0, description: 'The rows of every page together (after the filters).' },
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: 'The most rows this page holds.' },
  offset: { type: 'integer', minimum: 0, description: 'How many rows come before this page.' },
  next: {
    type: ['string', 'null'],
    description: 'The address of the next page (a path on this server with its query), or null on the last page.',
  },
}

/** The area, period and breakdown filters as an answer repeats them (null where not given). */
export const breakdownQuerySchema = {
  area: nullableList,
  period: nullableList,
  sex: nullableList,
  age: nullableList,
  category_type: nullableList,
  category: nullableList,
}
