/**
 * Paging and the breakdown filters of the API's list routes. A national indicator's unfiltered
 * answer was 18.6 MB: every list now comes a page at a time (`limit`, at most MAX_LIMIT, and
 * `offset`), with `next` the address of the following page and `count` the rows of every page
 * together; a limit over the maximum is refused with 400, saying the maximum.
 *
 * Disclosure control is decided over the whole indicator first (publicPoints); only the public
 * rows it returns are filtered and paged here, so no page or filter changes what is suppressed.
 */
import { z } from 'zod'
import type { PublicPoint } from '../disclosure/public-data.js'

export const DEFAULT_LIMIT = 1000
export const MAX_LIMIT = 10000

const whole = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))

/** A value given once, twice or comma-separated, as one list. */
const textList = (name: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      [v]
        .flat()
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(100, `${name} is too long`)).min(1, `${name} is empty`))

export const pagingFields = {
  limit: whole('limit', 1, MAX_LIMIT).optional(),
  offset: whole('offset', 0, Number.MAX_SAFE_INTEGER).optional(),
}

export const breakdownFields = {
  period: textList('period').optional(),
  sex: textList('sex').optional(),
  age: textList('age').optional(),
  category_type: textList('category_type').optional(),
  category: textList('category').optional(),
}

export interface BreakdownFilter {
  period?: string[]
  sex?: string[]
  age?: string[]
  category_type?: string[]
  category?: string[]
}

/** What the breakdown filters read: a data point's, or a summary's (which has no period key). */
export type Breakdown = Pick<PublicPoint, 'periodLabel' | 'sex' | 'age' | 'categoryType' | 'category'> & {
  periodKey?: string
}

/** The public rows that match every filter given; a period matches its label (2021/22) or its key. */
export function filterPoints<T extends Breakdown>(points: T[], f: BreakdownFilter): T[] {
  const sets = {
    period: f.period && new Set(f.period),
    sex: f.sex && new Set(f.sex),
    age: f.age && new Set(f.age),
    categoryType: f.category_type && new Set(f.category_type),
    category: f.category && new Set(f.category),
  }
  return points.filter(
    (p) =>
      (!sets.period || sets.period.has(p.periodLabel) || (p.periodKey !== undefined && sets.period.has(p.periodKey))) &&
      (!sets.sex || sets.sex.has(p.sex)) &&
      (!sets.age || sets.age.has(p.age)) &&
      (!sets.categoryType || sets.categoryType.has(p.categoryType)) &&
      (!sets.category || sets.category.has(p.category)),
  )
}

export interface Page<T> {
  count: number
  limit: number
  offset: number
  next: string | null
  rows: T[]
}

/** One page of the rows; `next` is this request's address with the offset moved on, or null on the last page. */
export function pageOf<T>(rows: T[], query: { limit?: number; offset?: number }, requestUrl: string): Page<T> {
  const limit = query.limit ?? DEFAULT_LIMIT
  const offset = query.offset ?? 0
  const end = offset + limit
  let next: string | null = null
  if (end < rows.length) {
    const url = new URL(requestUrl, 'http://localhost')
    url.searchParams.set('offset', String(end))
    url.searchParams.set('limit', String(limit))
    next = `${url.pathname}${url.search}`
  }
  return { count: rows.length, limit, offset, next, rows: rows.slice(offset, end) }
}

/** A page's paging fields, for the answer's envelope. */
export function pageFields(page: Page<unknown>) {
  return { count: page.count, limit: page.limit, offset: page.offset, next: page.next }
}
