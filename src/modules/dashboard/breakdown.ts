/** Breakdowns of a figure (sex, age, category): which row speaks for everyone, and how to name the others. Pure. */

export interface Breakdown {
  sex: string
  age: string
  categoryType: string
  category: string
}

export const breakdownKey = (r: Breakdown) => `${r.sex}|${r.age}|${r.categoryType}|${r.category}`

export const sameBreakdown = (a: Breakdown, b: Breakdown) => breakdownKey(a) === breakdownKey(b)

/** Everyone before any group: persons, all ages, no category; then by sex, age and category. */
export function headlineRow<R extends Breakdown>(rows: readonly R[]): R | null {
  return byBreakdown(rows)[0] ?? null
}

/** The rows with everyone first, then each group in a stable order. */
export function byBreakdown<R extends Breakdown>(rows: readonly R[]): R[] {
  const rank = (r: Breakdown) => (r.categoryType ? 4 : 0) + (r.age ? 2 : 0) + (r.sex && r.sex !== 'Persons' ? 1 : 0)
  return [...rows].sort(
    (a, b) => rank(a) - rank(b) || (breakdownKey(a) < breakdownKey(b) ? -1 : breakdownKey(a) > breakdownKey(b) ? 1 : 0),
  )
}

/** "Female", "Female, 65+" or "Black, girls": null for everyone. */
export function breakdownText(r: Breakdown): string | null {
  const parts = [r.sex && r.sex !== 'Persons' ? r.sex : '', r.age, r.category].filter(Boolean)
  return parts.length ? parts.join(', ') : null
}
