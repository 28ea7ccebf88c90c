/**
 * A series' breakdown in words, so no chart, title or table shows "Female" figures as if they were
 * everyone's: "persons, all ages", "Female, all ages", "Male, 65+ yrs". Pure.
 */
export function breakdownWords(b: { sex: string; age: string; category?: string }): string {
  const sex = !b.sex || b.sex === 'Persons' ? 'persons' : b.sex
  const age = b.age ? b.age : 'all ages'
  return [sex, age, b.category || null].filter(Boolean).join(', ')
}

/** A series' name with its breakdown: "Barking and Dagenham (Female, all ages)". */
export const seriesName = (name: string, b: { sex: string; age: string; category?: string }) =>
  `${name} (${breakdownWords(b)})`

/** Whether a breakdown is everyone (persons, all ages, no category): a title need not say so. */
export const isEveryone = (b: { sex: string; age: string; category?: string }) =>
  (!b.sex || b.sex === 'Persons') && !b.age && !b.category

/** A title with its breakdown added when the figures are not everyone's: "... (Female, all ages)". */
export const titled = (title: string, b: { sex: string; age: string; category?: string }) =>
  isEveryone(b) ? title : `${title} (${breakdownWords(b)})`
