/**
 * Conformance of src/modules/stats with the PHEindicatormethods test vectors and a real Fingertips
 * export, read from the shared reference folder beside the repo (never copied into it).
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../src/modules/stats/csv.js'
import {
  ComparisonLabel,
  Polarity,
  TrendLabel,
  byarLower,
  byarUpper,
  compareWithBenchmark,
  dsr,
  dsrNonIndependent,
  isRate,
  isRatio,
  lifeExpectancy,
  mean,
  parsePolarity,
  parseTrendValueType,
  proportion,
  quantileGroups,
  rankMin,
  rate,
  recentTrend,
  seededRandom,
  sii,
  twoSidedZ,
  wilsonLimits,
  type ConfidenceLimits,
  type Estimate,
  type IndirectAgeBand,
  type SiiValueType,
} from '../../src/modules/stats/index.js'

const REFERENCE = new URL('../../../shared/reference/', import.meta.url)
const VECTORS = new URL('stats-vectors/', REFERENCE)
const FINGERTIPS = new URL('fingertips/fingertips_93356_campylobacter_countyUA_2015-2017.csv', REFERENCE)
const present = existsSync(fileURLToPath(VECTORS)) && existsSync(fileURLToPath(FINGERTIPS))
const WHY_MISSING = `the shared reference data is not at ${fileURLToPath(REFERENCE)} (expected stats-vectors/ and fingertips/ there)`

/** PHEindicatormethods' own tests compare to about 1e-9; we hold every vector to that. */
const TOLERANCE = 1e-9
/** phe_sii intervals are simulated: the R tests allow a 5% difference. */
const SIMULATION_TOLERANCE = 0.05
const SII_TEST_REPETITIONS = 20_000
/**
 * testLifeExpectancy.R's hard-coded answers were computed with rounded z values (the R test compares
 * to 4 dp): answer1 (life_expectancy_df1.csv) with z rounded to 2 decimals, answer_widecis to 6.
 * Found by fitting; the standard errors then agree to the files' 8 decimal places.
 */
const zRoundedTo = (decimals: number): number => Number(twoSidedZ(0.95).toFixed(decimals))
const Z_IN_DF1_ANSWERS = zRoundedTo(2)
const Z_IN_WIDECIS_ANSWERS = zRoundedTo(6)

if (!present) {
  if (process.env.CI) {
    describe('stats conformance', () => {
      it('needs the reference data', () => {
        throw new Error(`stats conformance cannot run: ${WHY_MISSING}. CI must provide it.`)
      })
    })
  } else {
    console.warn(`stats conformance SKIPPED: ${WHY_MISSING}`)
  }
}

type Row = Record<string, string>

function readRows(url: URL): Row[] {
  const [head, ...records] = parseCsv(readFileSync(fileURLToPath(url), 'utf8'))
  return records.map((r) => Object.fromEntries(head.fields.map((name, i) => [name, r.fields[i] ?? ''])))
}
const vectors = (name: string): Row[] => readRows(new URL(name, VECTORS))
const num = (s: string | undefined): number | null => (s === undefined || s.trim() === '' ? null : Number(s))
const need = (s: string | undefined): number => {
  const v = num(s)
  if (v === null || Number.isNaN(v)) throw new Error(`expected a number, got ${JSON.stringify(s)}`)
  return v
}
const groupBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>()
  for (const item of items) m.set(key(item), [...(m.get(key(item)) ?? []), item])
  return m
}

/** Tracks the largest relative error per vector file; reported at the end. */
const maxError = new Map<string, number>()
function close(
  file: string,
  actual: number | null | undefined,
  expected: number | null,
  tolerance = TOLERANCE,
  what = '',
): void {
  if (expected === null) {
    expect(actual ?? null, `${file} ${what}: expected missing`).toBeNull()
    return
  }
  expect(actual, `${file} ${what}`).toBeTypeOf('number')
  const a = actual as number
  const error = expected === 0 ? Math.abs(a) : Math.abs(a - expected) / Math.abs(expected)
  maxError.set(file, Math.max(maxError.get(file) ?? 0, error))
  expect(error, `${file} ${what}: ${a} vs ${expected}`).toBeLessThanOrEqual(tolerance)
}
const at = (e: Estimate, confidence: number): ConfidenceLimits =>
  e.limits.find((l) => l.confidence === confidence) as ConfidenceLimits

const TITLE = 'stats conformance with PHEindicatormethods vectors and Fingertips'
describe.skipIf(!present)(present ? TITLE : `${TITLE} (skipped: ${WHY_MISSING})`, () => {
  it('byars_wilson_limits.csv', () => {
    for (const r of vectors('byars_wilson_limits.csv')) {
      const [x, c] = [need(r.x), need(r.confidence)]
      const limits =
        r.method === 'Byars' ? { lower: byarLower(x, c), upper: byarUpper(x, c) } : wilsonLimits(x, need(r.n), c)
      close('byars_wilson_limits', limits.lower, num(r.expected_lower), TOLERANCE, `${r.method} ${x} lower`)
      close('byars_wilson_limits', limits.upper, num(r.expected_upper), TOLERANCE, `${r.method} ${x} upper`)
    }
  })

  it('proportions_wilson.csv and the grouped sums', () => {
    for (const r of vectors('proportions_wilson.csv')) {
      const e = proportion(num(r.numerator), num(r.denominator), {
        multiplier: need(r.multiplier),
        confidence: [0.95, 0.998],
      })
      close('proportions_wilson', e.value, num(r.value), TOLERANCE, r.area)
      close('proportions_wilson', at(e, 0.95).lower, num(r.lower95), TOLERANCE, r.area)
      close('proportions_wilson', at(e, 0.95).upper, num(r.upper95), TOLERANCE, r.area)
      close('proportions_wilson', at(e, 0.998).lower, num(r.lower99_8), TOLERANCE, r.area)
      close('proportions_wilson', at(e, 0.998).upper, num(r.upper99_8), TOLERANCE, r.area)
    }
    for (const r of vectors('proportions_wilson_grouped_sums.csv')) {
      const e = proportion(num(r.numerator_sum), num(r.denominator_sum), {
        multiplier: need(r.multiplier),
        confidence: 0.95,
      })
      close('proportions_wilson_grouped_sums', e.value, num(r.value))
      close('proportions_wilson_grouped_sums', e.limits[0].lower, num(r.lower95))
      close('proportions_wilson_grouped_sums', e.limits[0].upper, num(r.upper95))
    }
  })

  it('rates_byars_exact.csv and the grouped sums (exact below 10, Byar otherwise)', () => {
    for (const r of vectors('rates_byars_exact.csv')) {
      const e = rate(num(r.numerator), num(r.denominator), {
        multiplier: need(r.multiplier),
        confidence: [0.95, 0.998],
      })
      expect(e.method ?? '', r.area).toBe(r.method)
      close('rates_byars_exact', e.value, num(r.value), TOLERANCE, r.area)
      close('rates_byars_exact', at(e, 0.95).lower, num(r.lower95), TOLERANCE, r.area)
      close('rates_byars_exact', at(e, 0.95).upper, num(r.upper95), TOLERANCE, r.area)
      close('rates_byars_exact', at(e, 0.998).lower, num(r.lower99_8), TOLERANCE, r.area)
      close('rates_byars_exact', at(e, 0.998).upper, num(r.upper99_8), TOLERANCE, r.area)
    }
    for (const r of vectors('rates_byars_exact_grouped_sums.csv')) {
      const e = rate(num(r.numerator_sum), num(r.denominator_sum), { multiplier: need(r.multiplier), confidence: 0.95 })
      expect(e.method ?? '').toBe(r.method)
      close('rates_byars_exact_grouped_sums', e.value, num(r.value))
      close('rates_byars_exact_grouped_sums', e.limits[0].lower, num(r.lower95))
      close('rates_byars_exact_grouped_sums', e.limits[0].upper, num(r.upper95))
    }
  })

  it('means_expected.csv (Student t)', () => {
    const input = vectors('means_input.csv')
    for (const r of vectors('means_expected.csv')) {
      const values = input.filter((v) => r.group === 'No grouping' || v.area === r.group).map((v) => need(v.value))
      const e = mean(values, { confidence: [0.95, 0.998] })
      close('means', e.sum, num(r.value_sum))
      close('means', e.count, num(r.value_count))
      close('means', e.sd, num(r.stdev))
      close('means', e.value, num(r.value))
      close('means', at(e, 0.95).lower, num(r.lower95))
      close('means', at(e, 0.95).upper, num(r.upper95))
      close('means', at(e, 0.998).lower, num(r.lower99_8))
      close('means', at(e, 0.998).upper, num(r.upper99_8))
    }
  })

  it('dsr_expected.csv (Dobson, ESP2013 and ESP1976, non-independent events)', () => {
    const expected = vectors('dsr_expected.csv')
    const bands = (file: string, standard: string) =>
      [...groupBy(vectors(file), (r) => r.area)].map(
        ([area, rows]) =>
          [
            area,
            rows.map((b) => ({ count: num(b.count), population: need(b.pop), standardPopulation: need(b[standard]) })),
          ] as const,
      )
    const inputs = new Map([
      ...bands('dsr_input_multiarea.csv', 'stdpop_esp2013'),
      ...bands('dsr_input_1976.csv', 'stdpop_esp1976'),
    ])
    const nonIndependent = groupBy(vectors('dsr_input_nonindependent.csv'), (r) => r.area)
    expected.forEach((r, i) => {
      const multiplier = num(r.multiplier) ?? 100000
      const rows = inputs.get(r.area)
      const e = rows
        ? dsr(rows, { multiplier, confidence: [0.95, 0.998] })
        : dsrNonIndependent(
            (nonIndependent.get(r.area) ?? []).map((b) => ({
              ageBand: b.ageband,
              eventFrequency: need(b.eventfreq),
              persons: num(b.persons),
              population: need(b.pop),
              standardPopulation: need(b.stdpop_esp2013),
            })),
            { multiplier, confidence: [0.95, 0.998] },
          )
      expect(e.method, r.area).toBe(r.method)
      close('dsr', e.totalCount, num(r.total_count))
      close('dsr', e.totalPopulation, num(r.total_pop))
      if (e.suppressed) expect(e.suppressed).toBe(r.statistic)
      close('dsr', e.value, num(r.value), TOLERANCE, `${r.area} row ${i + 1}`)
      close('dsr', at(e, 0.95).lower, num(r.lower95), TOLERANCE, `${r.area} row ${i + 1}`)
      close('dsr', at(e, 0.95).upper, num(r.upper95), TOLERANCE, `${r.area} row ${i + 1}`)
      // The sheet's 99.8% cells for testdata_1976 are 10× too large (see the vectors README): skip them.
      if (r.area !== 'testdata_1976') {
        close('dsr', at(e, 0.998).lower, num(r.lower99_8), TOLERANCE, `${r.area} row ${i + 1}`)
        close('dsr', at(e, 0.998).upper, num(r.upper99_8), TOLERANCE, `${r.area} row ${i + 1}`)
      }
    })
  })

  it('isr_expected.csv (indirectly standardised rates and ratios)', () => {
    const multiarea = groupBy(vectors('isr_input_multiarea.csv'), (r) => r.area)
    const reference = readRows(new URL('raw_sheets/testdata_DSR_ISR__refdata.csv', VECTORS))
    const err2 = groupBy(readRows(new URL('raw_sheets/testdata_DSR_ISR__testdata_err2.csv', VECTORS)), (r) => r.area)
    const bandsFor = (area: string, row: number): IndirectAgeBand[] =>
      row < 12
        ? (multiarea.get(area) ?? []).map((b) => ({
            count: num(b.count),
            population: num(b.pop),
            referenceCount: num(b.refcount),
            referencePopulation: num(b.refpop),
          }))
        : (err2.get(area) ?? []).map((b, i) => ({
            count: num(b.count),
            population: num(b.pop),
            referenceCount: num(reference[i].refcount),
            referencePopulation: num(reference[i].refpop),
          }))
    vectors('isr_expected.csv').forEach((r, i) => {
      const bands = bandsFor(r.area, i)
      const confidence = i < 12 ? [0.95, 0.998] : [0.95]
      const per = /per (\d+)/.exec(r.statistic)
      const asRate = per ? isRate(bands, { multiplier: Number(per[1]), confidence }) : null
      const e = asRate ?? isRatio(bands, { referenceValue: Number(/x (\d+)/.exec(r.statistic)?.[1]), confidence })
      const what = `row ${i + 1} ${r.area} ${r.statistic}`
      expect(e.method, what).toBe(r.method)
      close('isr', e.observed, num(r.observed), TOLERANCE, what)
      close('isr', e.expected, num(r.expected), TOLERANCE, what)
      if (asRate) close('isr', asRate.referenceRate, num(r.ref_rate), TOLERANCE, what)
      close('isr', e.value, num(r.value), TOLERANCE, what)
      close('isr', at(e, 0.95).lower, num(r.lower95), TOLERANCE, what)
      close('isr', at(e, 0.95).upper, num(r.upper95), TOLERANCE, what)
      if (i < 12) {
        close('isr', at(e, 0.998).lower, num(r.lower99_8), TOLERANCE, what)
        close('isr', at(e, 0.998).upper, num(r.upper99_8), TOLERANCE, what)
      }
    })
  })

  it('life_expectancy_df1.csv and life_expectancy_widecis.csv (Chiang II, Silcocks)', () => {
    const check = (file: string, rows: Row[], zOfAnswers: number) => {
      const result = lifeExpectancy(
        rows.map((r) => ({ startAge: need(r.startage), population: need(r.pops), deaths: need(r.deaths) })),
      )
      rows.forEach((r, i) => {
        const age = result.ages[i]
        const mine = age.limits[0]
        expect(age.startAge).toBe(need(r.startage))
        close(file, age.value, num(r.expected_le), TOLERANCE, `age ${r.startage}`)
        if (r.expected_lower95 === '') {
          expect([mine.lower, mine.upper], `age ${r.startage} suppressed`).toEqual([null, null])
        } else {
          // These answers were made with a rounded z, while phe_life_expectancy uses qnorm(0.975):
          // check the standard error they imply instead (to the precision 8 decimal places allow).
          const [lower, upper] = [need(r.expected_lower95), need(r.expected_upper95)]
          const se = ((mine.upper as number) - (mine.lower as number)) / (2 * twoSidedZ(0.95))
          close(
            `${file} (standard errors)`,
            se,
            (upper - lower) / (2 * zOfAnswers),
            Math.max(TOLERANCE, 1e-8 / (upper - lower)),
            `age ${r.startage}`,
          )
        }
        if (r.pops_used !== undefined) {
          expect(age.populationUsed).toBe(need(r.pops_used))
          expect(age.deathsUsed).toBe(need(r.dths_used))
        }
      })
      return result
    }
    check('life_expectancy_df1', vectors('life_expectancy_df1.csv'), Z_IN_DF1_ANSWERS)
    const wide = groupBy(vectors('life_expectancy_widecis.csv'), (r) => r.area)
    expect(check('life_expectancy_widecis', wide.get('Area 1') ?? [], Z_IN_WIDECIS_ANSWERS).suppressed).toMatch(
      /more deaths than population/,
    )
    expect(check('life_expectancy_widecis', wide.get('Area 2') ?? [], Z_IN_WIDECIS_ANSWERS).suppressed).toBeNull()
  })

  it('quantiles.csv (phe_quantile deciles, septiles and quartiles, with ties)', () => {
    const rows = vectors('quantiles.csv').filter((r) => r.Test !== 'BadPolarity')
    const groups = groupBy(rows, (r) =>
      r.GroupSet === 'IndSexReg'
        ? `${r.GroupSet}|${r.IndSexRef}|${r.ParentCode}`
        : r.GroupSet === 'IndSex'
          ? `${r.GroupSet}|${r.IndSexRef}`
          : r.GroupSet,
    )
    const groupCount: Record<string, number> = { Decile: 10, Septile: 7, Quartile: 4 }
    let checked = 0
    for (const group of groups.values()) {
      // The ungrouped ('None') case uses phe_quantile's default, invert = TRUE.
      const invert = group[0].GroupSet === 'None' ? true : group[0].invert === 'TRUE'
      const values = group.map((r) => num(r.Value))
      const quantiles = quantileGroups(values, groupCount[group[0].QuantileNm], invert)
      const ranks = rankMin(values.map((v) => (v === null ? null : invert ? -v : v)))
      group.forEach((r, i) => {
        expect(quantiles[i], `${r.IndSexRef} ${r.AreaCode}`).toBe(num(r.expected_QuantileInGrp))
        expect(ranks[i]).toBe(num(r.RankinGrp))
        checked++
      })
    }
    expect(checked).toBe(982)
  })

  it('sii.csv: point estimates exactly, simulated intervals within 5%', () => {
    const rows = vectors('sii.csv')
    // Each block of rows is one area; expected results sit in its first row (error-case blocks have none).
    const blocks = [...groupBy(rows, (r) => `${r.TestDescription}|${r.Area}`)].filter(
      ([, block]) => block[0].sii !== '',
    )
    let areas = 0
    for (const [key, block] of blocks) {
      const first = block[0]
      const description = first.TestDescription
      const transform = /transform/.test(description)
      const multiplier = /x -100/.test(description)
        ? -100
        : /x 100/.test(description)
          ? 100
          : /negative m/.test(description)
            ? -1
            : 1
      const levels = /multiple CIs/.test(description)
        ? [0.95, 0.99]
        : /99%/.test(description)
          ? [0.99]
          : /95% and 98%|95 and 98/.test(description)
            ? [0.95, 0.98]
            : /98%/.test(description)
              ? [0.98]
              : [0.95]
      const valueType = (['normal', 'rate', 'proportion'] as const)[need(first.ValueType)] as SiiValueType
      const quantiles = block.map((r) => ({
        quantile: need(r.Quantile),
        population: need(r.Population),
        value: need(r.Value),
        ...(r.LowerCL !== '' && r.UpperCL !== ''
          ? { lower: need(r.LowerCL), upper: need(r.UpperCL) }
          : { se: need(r.StandardError) }),
      }))
      const withCis = first.sii_lowercl_1 !== ''
      const result = sii(quantiles, {
        valueType,
        multiplier,
        transform,
        confidence: levels,
        ...(withCis ? { repetitions: SII_TEST_REPETITIONS, random: seededRandom(5) } : {}),
      })
      close('sii (point estimates)', result.sii, num(first.sii), TOLERANCE, key)
      if (first.rii !== '') close('sii (point estimates)', result.rii, num(first.rii), TOLERANCE, key)
      if (first.Intercept !== '') close('sii (point estimates)', result.intercept, num(first.Intercept), TOLERANCE, key)
      if (withCis) {
        levels.forEach((_, i) => {
          const n = i + 1
          close(
            'sii (simulated intervals)',
            result.siiLimits?.[i].lower,
            num(first[`sii_lowercl_${n}`]),
            SIMULATION_TOLERANCE,
            `${key} sii lower ${levels[i]}`,
          )
          close(
            'sii (simulated intervals)',
            result.siiLimits?.[i].upper,
            num(first[`sii_uppercl_${n}`]),
            SIMULATION_TOLERANCE,
            `${key} sii upper ${levels[i]}`,
          )
          if (first[`rii_lowercl_${n}`] !== '') {
            close(
              'sii (simulated intervals)',
              result.riiLimits?.[i].lower,
              num(first[`rii_lowercl_${n}`]),
              SIMULATION_TOLERANCE,
              `${key} rii lower`,
            )
            close(
              'sii (simulated intervals)',
              result.riiLimits?.[i].upper,
              num(first[`rii_uppercl_${n}`]),
              SIMULATION_TOLERANCE,
              `${key} rii upper`,
            )
          }
        })
      }
      areas++
    }
    expect(areas).toBe(44)
  })

  it('trend_fingertipsnext.csv (recent trend, 6 real series)', () => {
    const expectedLabel: Record<string, string> = {
      Increasing: TrendLabel.increasing,
      NoChange: TrendLabel.noChange,
      DecreasingAndGettingWorse: TrendLabel.decreasingWorse,
      IncreasingAndGettingWorse: TrendLabel.increasingWorse,
      DecreasingAndGettingBetter: TrendLabel.decreasingBetter,
      CannotBeCalculated: TrendLabel.cannotBeCalculated,
    }
    const series = groupBy(vectors('trend_fingertipsnext.csv'), (r) => r.indicator_id)
    for (const [id, rows] of series) {
      const result = recentTrend(
        rows.map((r) => ({
          period: need(r.year),
          // 40501/2023's value is the C# literal 120/7742 (integer division = 0), noted in the cell.
          value: Number.parseFloat(r.value),
          lower95: num(r.lower95),
          upper95: num(r.upper95),
          count: num(r.count),
          denominator: num(r.denominator),
        })),
        { valueType: parseTrendValueType(rows[0].value_type), polarity: parsePolarity(rows[0].polarity) as Polarity },
      )
      expect(result.label, id).toBe(expectedLabel[rows[0].expected_trend])
    }
    expect(series.size).toBe(6)
  })

  it('PHEindicatormethods NCMP_testdata.csv: real NCMP data reproduce Wilson 95% limits', () => {
    const rows = readRows(new URL('phe_csv/NCMP_testdata.csv', VECTORS))
    for (const r of rows) {
      const e = proportion(need(r.Count), need(r.Measured), { multiplier: 100, confidence: 0.95 })
      close('NCMP_testdata (Wilson)', e.limits[0].lower, need(r.LCL))
      close('NCMP_testdata (Wilson)', e.limits[0].upper, need(r.UCL))
    }
    expect(rows.length).toBe(240)
  })

  it('real Fingertips export: all 760 County & UA England and Region labels (low is good)', () => {
    const rows = readRows(FINGERTIPS)
    const key = (...parts: string[]) => parts.join('|')
    const england = new Map(
      rows
        .filter((r) => r['Area Type'] === 'Country' && r['Category Type'] === '')
        .map((r) => [key(r['Time period'], r.Sex, r.Age), num(r.Value)]),
    )
    const region = new Map(
      rows
        .filter((r) => r['Area Type'] === 'Region')
        .map((r) => [key(r['Area Code'], r['Time period'], r.Sex, r.Age), num(r.Value)]),
    )
    const areas = rows.filter((r) => r['Area Type'] === 'County & UA')
    const tally = { england: 0, region: 0 }
    for (const r of areas) {
      const area = { value: num(r.Value), lower: num(r['Lower CI 95.0 limit']), upper: num(r['Upper CI 95.0 limit']) }
      const toEngland = compareWithBenchmark(
        area,
        england.get(key(r['Time period'], r.Sex, r.Age)) ?? null,
        Polarity.lowIsGood,
      )
      const toRegion = compareWithBenchmark(
        area,
        region.get(key(r['Parent Code'], r['Time period'], r.Sex, r.Age)) ?? null,
        Polarity.lowIsGood,
      )
      expect(toEngland, `${r['Area Name']} ${r['Time period']} ${r.Age} vs England`).toBe(
        r['Compared to England value or percentiles'],
      )
      expect(toRegion, `${r['Area Name']} ${r['Time period']} ${r.Age} vs region`).toBe(
        r['Compared to Region value or percentiles'],
      )
      tally.england++
      tally.region++
    }
    expect(tally).toEqual({ england: 760, region: 760 })
    expect(new Set(areas.map((r) => r['Compared to England value or percentiles']))).toEqual(
      new Set([ComparisonLabel.better, ComparisonLabel.similar, ComparisonLabel.worse, ComparisonLabel.notCompared]),
    )
  })

  it('reports the largest relative error per vector file', () => {
    const report = [...maxError.entries()].map(([file, error]) => `${file}: ${error.toExponential(2)}`).join('\n')
    console.log(`stats conformance, max relative error per vector file:\n${report}`)
    expect(maxError.size).toBeGreaterThan(0)
  })
})
