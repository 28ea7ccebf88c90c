/**
 * DfE's local authority numbers (old_la_code: 301 is Barking and Dagenham) as ONS GSS codes, so a
 * figure is placed by number and period, never by a name that one publisher spells differently.
 * A number can stand for more than one code over time (815 North Yorkshire was E10000023 until
 * March 2023 and E06000065 after), and publishers do not agree which code an old year carries, so
 * the code is the one our areas file says was in force when the period began (or, failing that,
 * when it ended). A number whose only code had closed by then is flagged, so the caller can drop
 * an empty cell for an abolished authority but never a figure. Pure: the lookup (data/areas/dfe-la-codes.csv) and the areas come in.
 */

export interface AreaSpan {
  code: string
  name: string
  type: string
  validFrom: string | null
  validTo: string | null
}

export interface DfeLaCode {
  dfeNumber: string
  code: string
  name: string
}

/** `closed`: the number's only code was not open in the period (an authority since abolished). */
export type AreaResult = { code: string; closed?: boolean } | { outOfScope: string } | { error: string }

const openOn = (a: AreaSpan, date: string) =>
  (a.validFrom === null || a.validFrom <= date) && (a.validTo === null || date <= a.validTo)

export class DfeAreaResolver {
  private readonly codesByNumber = new Map<string, string[]>()

  constructor(
    lookup: readonly DfeLaCode[],
    private readonly areas: ReadonlyMap<string, AreaSpan>,
  ) {
    for (const row of lookup)
      this.codesByNumber.set(row.dfeNumber, [...(this.codesByNumber.get(row.dfeNumber) ?? []), row.code])
  }

  /** The GSS code for a DfE number in a period that runs from `start` to `end` (ISO dates). */
  byNumber(dfeNumber: string, start: string, end: string): AreaResult {
    const number = dfeNumber.trim().replace(/\.0+$/, '')
    const codes = this.codesByNumber.get(number)
    if (!codes) return { error: `DfE local authority number ${number} is not in data/areas/dfe-la-codes.csv` }
    if (codes.every((c) => /^E13/.test(c))) return { outOfScope: `DfE number ${number} (Inner or Outer London)` }
    const known = codes.map((c) => this.areas.get(c)).filter((a): a is AreaSpan => a !== undefined)
    const pick = known.find((a) => openOn(a, start)) ?? known.find((a) => openOn(a, end))
    if (pick) return { code: pick.code }
    if (known.length === 1) return { code: known[0]!.code, closed: true }
    return {
      error: `DfE local authority number ${number} matches no area open between ${start} and ${end} (${codes.join(', ')})`,
    }
  }

  /**
   * One row of an Explore Education Statistics file: National rows by country_code, Regional by
   * region_code, Local authority by old_la_code (new_la_code when the number is missing). Other
   * levels, and Inner and Outer London, are outside the areas this product holds.
   */
  eesRow(row: Record<string, string>, start: string, end: string): AreaResult {
    const level = (row.geographic_level ?? '').trim()
    const field = (name: string) => (row[name] ?? '').trim()
    if (level === 'National') return this.known(field('country_code'), 'country_code')
    if (level === 'Regional') {
      const code = field('region_code')
      if (/^E13/.test(code)) return { outOfScope: `${field('region_name') || code} (Inner or Outer London)` }
      return this.known(code, 'region_code')
    }
    if (level === 'Local authority') {
      if (field('old_la_code')) return this.byNumber(field('old_la_code'), start, end)
      return this.known(field('new_la_code'), 'new_la_code')
    }
    return { outOfScope: `geographic level "${level}"` }
  }

  private known(code: string, column: string): AreaResult {
    if (!code) return { error: `the ${column} is empty` }
    if (code === 'E92000001' || this.areas.has(code)) return { code }
    if (!code.startsWith('E')) return { outOfScope: `${code} (not in England)` }
    return { error: `unknown area code "${code}" in ${column}` }
  }
}
