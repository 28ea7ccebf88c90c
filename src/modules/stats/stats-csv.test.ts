import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv.js'
import { proportion } from './proportion.js'
import { rate } from './rate.js'
import { runStatsCommand, STATS_USAGE } from './stats-csv.js'

const table = (stdout: string) => parseCsv(stdout).map((r) => r.fields)

describe('stats ci', () => {
  it('appends value, lower and upper for each method', () => {
    const input = [
      'area,method,count,denominator,multiplier,confidence,mean,sd,n',
      'A,wilson,65,100,100,0.95,,,',
      'B,poisson,5,100,100000,0.998,,,',
      'C,byar,1045,5000,,95,,,',
      'D,exact,0,2000,1000,,,,',
      'E,mean,,,,0.95,10,2,16',
      '"F, quoted",WILSON,0,40,,,,,',
    ].join('\n')
    const result = runStatsCommand(['ci'], input)
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    const rows = table(result.stdout)
    expect(rows[0]).toEqual([
      'area',
      'method',
      'count',
      'denominator',
      'multiplier',
      'confidence',
      'mean',
      'sd',
      'n',
      'value',
      'lower',
      'upper',
    ])
    const a = proportion(65, 100, { confidence: 0.95 })
    expect(rows[1].slice(-3).map(Number)).toEqual([a.value, a.limits[0].lower, a.limits[0].upper])
    const b = rate(5, 100, { confidence: 0.998 })
    expect(rows[2].slice(-3).map(Number)).toEqual([b.value, b.limits[0].lower, b.limits[0].upper])
    expect(Number(rows[3][9])).toBeCloseTo(20900, 8)
    expect(Number(rows[4][10])).toBe(0)
    expect(Number(rows[5][9])).toBe(10)
    expect(rows[6][0]).toBe('F, quoted')
    expect(Number(rows[6][10])).toBe(0)
  })

  it('leaves a limit empty where the method has none', () => {
    const result = runStatsCommand(['ci'], 'method,count,denominator,confidence\nbyar,1,10,0.998\n')
    expect(table(result.stdout)[1].slice(-3)).toEqual([
      '10000',
      '',
      String(rate(1, 10, { method: 'byar', confidence: 0.998 }).limits[0].upper),
    ])
  })

  it('lists every bad row with its line and writes nothing', () => {
    const input = [
      'method,count,denominator,multiplier,confidence',
      'wilson,65,100,100,0.95',
      'wilson,120,100,,',
      'magic,1,2,,',
      '',
      'poisson,abc,100,,',
      'exact,5,,,',
      'wilson,1,10,,0.4',
    ].join('\n')
    const result = runStatsCommand(['ci'], input)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('5 bad rows')
    expect(result.stderr).toContain('line 3: numerator (120) must not exceed denominator (100)')
    expect(result.stderr).toContain('line 4: method "magic"')
    expect(result.stderr).toContain('line 6: count "abc" is not a number')
    expect(result.stderr).toContain('line 7: denominator is missing')
    expect(result.stderr).toContain('line 8: confidence 0.4 should be between 0.9 and 1')
    expect(result.stderr).not.toContain('line 2:')
  })

  it('needs a method column and will not overwrite existing results', () => {
    expect(runStatsCommand(['ci'], 'count,denominator\n1,2\n').stderr).toMatch(/missing column: method/)
    expect(runStatsCommand(['ci'], 'method,value\nwilson,1\n').stderr).toMatch(/already has column/)
    expect(runStatsCommand(['ci'], 'method,count,denominator\nwilson,1\n').stderr).toMatch(
      /line 2: has 2 fields but the header has 3/,
    )
  })
})

describe('stats compare', () => {
  it('appends the Fingertips label', () => {
    const input = [
      'area,value,lower,upper,benchmark,polarity',
      'A,33.17,25.71,42.13,94.73,low',
      'B,33.17,25.71,42.13,94.73,high',
      'C,33.17,25.71,42.13,30,none',
      'D,33.17,,,30,none',
      'E,120,110,130,94.73,Low is good',
    ].join('\n')
    const result = runStatsCommand(['compare'], input)
    expect(result.exitCode).toBe(0)
    expect(table(result.stdout).map((r) => r.at(-1))).toEqual([
      'comparison',
      'Better',
      'Worse',
      'Similar',
      'Not compared',
      'Worse',
    ])
  })

  it('rejects unknown polarities and inverted limits', () => {
    const result = runStatsCommand(['compare'], 'value,lower,upper,benchmark,polarity\n1,0,2,1,up\n1,3,2,1,low\n')
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('line 2: polarity "up" is not high, low or none')
    expect(result.stderr).toContain('line 3: lower is above upper')
  })
})

describe('stats trend', () => {
  const header = 'series,period,value,lower,upper,count,denominator,polarity,value_type'
  const rising = [10, 11, 12, 13, 14].map(
    (v, i) => `rise,${2015 + i},${v},${v - 0.5},${v + 0.5},${100 + i},1000,high,proportion`,
  )
  const flat = [10, 10.2, 9.9, 10.1, 10].map(
    (v, i) => `flat,${2015 + i}/${16 + i},${v},${v - 0.5},${v + 0.5},100,1000,low,crude rate`,
  )

  it('writes one row per series with its label', () => {
    const result = runStatsCommand(
      ['trend'],
      [header, ...rising, ...flat, 'other,2020,1,0,2,1,10,none,ratio'].join('\n'),
    )
    expect(result.stderr).toBe('')
    const rows = table(result.stdout)
    expect(rows[0]).toEqual(['series', 'trend', 'slope', 'chi_square', 'points_used', 'message'])
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['rise', 'Increasing and getting better'],
      ['flat', 'No significant change'],
      ['other', 'Cannot be calculated'],
    ])
    expect(Number(rows[1][2])).toBeCloseTo(1, 10)
  })

  it('rejects inconsistent series and repeated periods', () => {
    const result = runStatsCommand(
      ['trend'],
      [
        header,
        ...rising,
        'rise,2019,14,13.5,14.5,104,1000,high,proportion',
        'rise,2021,1,0,2,1,10,low,proportion',
        'rise,20x,1,0,2,1,10,high,proportion',
      ].join('\n'),
    )
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('line 7: series "rise" already has period 2019 on line 6')
    expect(result.stderr).toContain('line 8: series "rise" has a different polarity on line 2')
    expect(result.stderr).toContain('line 9: period "20x" is not a year')
  })
})

describe('runStatsCommand', () => {
  it('explains usage', () => {
    expect(runStatsCommand([], '')).toEqual({ exitCode: 2, stdout: '', stderr: STATS_USAGE })
    expect(runStatsCommand(['--help'], '').stdout).toBe(STATS_USAGE)
    const unknown = runStatsCommand(['plot'], '')
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toMatch(/unknown stats command "plot"/)
    expect(runStatsCommand(['ci'], '').stderr).toMatch(/empty/)
  })
})
