/**
 * A synthetic Fingertips-format file for the import benchmark (bench/import.bench.ts): rows with
 * unique keys (area × year × sex × age band × category) of the test indicator 93356, values and
 * exact Poisson intervals as a producer would publish them. Synthetic data only.
 */
import { createWriteStream } from 'node:fs'
import { RateMethod, rate } from '../src/modules/stats/index.js'
import { FINGERTIPS_HEADER } from './lib/fingertips-format.js'

/** The header line: the export's columns as our Fingertips-layout download writes them. */
export const header = FINGERTIPS_HEADER.join(',')

/** Synthetic rows with unique keys: area × year × sex × age band × category. */
export async function writeSyntheticFile(file: string, areas: { code: string; name: string }[], rows: number) {
  const out = createWriteStream(file)
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))
  await write(header + '\n')
  const sexes = ['Persons', 'Male', 'Female']
  const ages = Array.from({ length: 20 }, (_, i) => `${i * 5}-${i * 5 + 4} yrs`)
  const categories = [
    ['', ''],
    ['Deprivation decile', 'Most deprived decile'],
    ['Deprivation decile', 'Least deprived decile'],
    ['Ethnic group', 'Black'],
  ]
  let n = 0
  outer: for (let year = 2000; ; year++) {
    for (const area of areas)
      for (const sex of sexes)
        for (const age of ages)
          for (const [ct, c] of categories) {
            if (n++ >= rows) break outer
            const denominator = 20_000 + (n % 50_000)
            const count = 10 + (n % 400)
            const value = (count / denominator) * 100_000
            // Intervals by the test indicator's own method (exact Poisson), as a producer would publish them.
            const [l95, l998] = rate(count, denominator, { method: RateMethod.exact, confidence: [0.95, 0.998] }).limits
            const fields = [
              '93356',
              '"Campylobacter incidence rate/100,000\n"',
              'E92000001',
              'England',
              area.code,
              `"${area.name}"`,
              'County & UA',
              sex,
              age,
              ct,
              c,
              String(year),
              value.toFixed(4),
              l95!.lower!.toFixed(4),
              l95!.upper!.toFixed(4),
              l998!.lower!.toFixed(4),
              l998!.upper!.toFixed(4),
              String(count),
              String(denominator),
              '',
              '',
              'Similar',
              'Similar',
              `${year}0000`,
              '',
              '',
            ]
            await write(fields.join(',') + '\n')
          }
  }
  await new Promise<void>((resolve) => out.end(resolve))
}
