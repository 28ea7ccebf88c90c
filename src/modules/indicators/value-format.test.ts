import { describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { projectRoot } from '../../config.js'
import { IndicatorMetadata, IndicatorMetadataFile } from './indicator-metadata.schema.js'
import { formatValue, valueFormatOf } from './value-format.js'

describe('values written to their indicator’s precision', () => {
  it('keeps a whole percentage’s decimal place: 33.0% reads "33.0%", never "33%"', () => {
    expect(formatValue(33, '%')).toBe('33.0%')
    expect(formatValue(56, valueFormatOf({ unit: '%', value_type: 'proportion' }))).toBe('56.0%')
    expect(formatValue(33.25, '%')).toBe('33.3%')
  })

  it('writes counts whole, and rates to one place, with thousands separated', () => {
    expect(formatValue(1204, 'count')).toBe('1,204')
    expect(formatValue(1204.4, valueFormatOf({ unit: 'count', value_type: 'count' }))).toBe('1,204')
    expect(formatValue(56, valueFormatOf({ unit: 'per 1,000', value_type: 'crude_rate' }))).toBe('56.0 per 1,000')
  })

  it('follows the precision the metadata states over the value type’s', () => {
    const format = valueFormatOf({ unit: 'score', value_type: 'mean', decimals: 2 })
    expect(format).toEqual({ unit: 'score', decimals: 2 })
    expect(formatValue(7.2, format)).toBe('7.20 score')
    expect(formatValue(61.04, valueFormatOf({ unit: '%', value_type: 'proportion', decimals: 0 }))).toBe('61%')
  })

  it('judges by value type when the unit is to be confirmed, and by unit when the type is', () => {
    expect(valueFormatOf({ unit: 'tbc', value_type: 'count' }).decimals).toBe(0)
    expect(valueFormatOf({ unit: '%', value_type: 'tbc' }).decimals).toBe(1)
    expect(valueFormatOf({ unit: 'per 100,000', value_type: 'tbc' }).decimals).toBe(1)
  })

  it('writes a value of unknown kind as it comes, up to one place', () => {
    const unknown = valueFormatOf({ unit: 'tbc', value_type: 'tbc' })
    expect(unknown.decimals).toBeNull()
    expect(formatValue(12, unknown)).toBe('12')
    expect(formatValue(12.34, unknown)).toBe('12.3')
  })
})

describe('the stated precision in the metadata files', () => {
  const entry = {
    id: 'made-up',
    name: 'A made-up indicator',
    definition: 'tbc',
    value_type: 'mean',
    unit: 'score',
    multiplier: 1,
    polarity: 'no_judgement',
    ci_method: 'tbc',
    frequency: 'tbc',
    rba_kind: 'tbc',
    fingertips_id: null,
    data_source: 'tbc',
    owner: 'tbc',
    in_framework: false,
  }

  it('is optional, a whole number of places from 0 to 4', () => {
    expect(IndicatorMetadata.parse(entry).decimals).toBeUndefined()
    expect(IndicatorMetadata.parse({ ...entry, decimals: 2 }).decimals).toBe(2)
    expect(IndicatorMetadata.safeParse({ ...entry, decimals: -1 }).success).toBe(false)
    expect(IndicatorMetadata.safeParse({ ...entry, decimals: 1.5 }).success).toBe(false)
    expect(IndicatorMetadata.safeParse({ ...entry, decimals: 5 }).success).toBe(false)
  })

  it('is read by the shipped files: the IMD score is shown to one place, as its seed gives it', async () => {
    const file = IndicatorMetadataFile.parse(
      parse(await readFile(path.join(projectRoot, 'data/indicators/jlhws.yaml'), 'utf8')),
    )
    const imd = file.indicators.find((i) => i.id === 'imd-score')!
    expect(formatValue(32.787, valueFormatOf(imd))).toBe('32.8 score')
  })
})
