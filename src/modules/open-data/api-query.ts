/**
 * The API's query parameters, checked with zod so a bad one gets a 400 that says what is wrong.
 * Unknown parameters are refused too: a misspelt filter (`areas=`) must not silently return
 * everything. Lists are comma-separated (`area=E09000002,E12000007`).
 */
import { z } from 'zod'
import { londonMidnight, nextDay } from '../../lib/dates.js'
import { breakdownFields, pagingFields } from './api-paging.js'

export const GSS_CODE = /^[EKNSW]\d{8}$/
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** A value given once, twice (`?area=a&area=b`) or as a comma-separated list, as one list. */
const list = (item: z.ZodString, name: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      [v]
        .flat()
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, `${name} is empty`))

const area = list(z.string().regex(GSS_CODE, 'area must be an ONS GSS code such as E09000002'), 'area')
const indicator = list(z.string().regex(ID, 'indicator must be an indicator id such as year-6-obesity'), 'indicator')
const asOf = z.iso.date('as_of must be a date written YYYY-MM-DD, such as 2024-03-31')

/** A list that is not data: a page of it. */
export const ListQuery = z.strictObject({ ...pagingFields })
/** An indicator's summaries: by area, period and breakdown, a page at a time. */
export const SummaryQuery = z.strictObject({ area: area.optional(), ...breakdownFields, ...pagingFields })
export const DataQuery = z.strictObject({
  area: area.optional(),
  as_of: asOf.optional(),
  ...breakdownFields,
  ...pagingFields,
})
export const AllDataQuery = z.strictObject({
  indicator: indicator.optional(),
  area: area.optional(),
  as_of: asOf.optional(),
  ...breakdownFields,
  ...pagingFields,
})
export const StrategyQuery = z.strictObject({
  strategy: z.string().regex(ID, 'strategy must be a strategy id such as best-chance-2022-25').optional(),
})
export const NoQuery = z.strictObject({})

/** One sentence naming each problem and its parameter: `area must be an ONS GSS code such as E09000002`. */
export function queryProblems(error: z.ZodError): string {
  const sentences = error.issues.map((i) => {
    if (i.code === 'unrecognized_keys')
      return `unknown query parameter${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`
    const name = i.path[0] === undefined ? '' : String(i.path[0])
    return name && !i.message.startsWith(name) ? `${name}: ${i.message}` : i.message
  })
  return [...new Set(sentences)].join('; ')
}

/**
 * The moment at the end of a date in the UK (Europe/London), so "as it stood on 31 March" includes
 * everything recorded that day, in summer time as in winter.
 */
export function endOfUkDay(date: string): Date {
  return new Date(londonMidnight(nextDay(date)).getTime() - 1)
}
