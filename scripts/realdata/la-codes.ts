/**
 * Builds data/areas/dfe-la-codes.csv: every DfE local authority number with the ONS codes it has
 * stood for, as DfE's own Explore Education Statistics files pair them (old_la_code with
 * new_la_code), plus England, the regions and Inner and Outer London from LAIT's area numbers
 * (matched by name). It is checked against the ONS lower-tier to upper-tier lookup and our areas
 * file, so no upper-tier authority is without a number.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { AreaSpan } from '../../src/modules/sources/dfe-areas.js'
import { readCsvTable, type SourceTable } from './read-tables.js'

export interface LaCodeRow {
  dfeNumber: string
  code: string
  name: string
  source: string
}

/** LAIT's numbers for areas above local authorities, whose names differ a little from ONS's. */
const LAIT_ABOVE_LA: Record<string, string> = {
  '970': 'E92000001',
  '980': 'E12000001',
  '981': 'E12000002',
  '982': 'E12000003',
  '983': 'E12000004',
  '984': 'E12000005',
  '985': 'E12000006',
  '986': 'E12000007',
  '987': 'E13000001',
  '988': 'E13000002',
  '989': 'E12000008',
  '990': 'E12000009',
}
const INNER_OUTER: Record<string, string> = { E13000001: 'Inner London', E13000002: 'Outer London' }

const simplify = (name: string) =>
  name
    .toLowerCase()
    .replace(/\(.*?\)|,|\.|\bregion\b|\bcity of\b|\bborough\b/g, ' ')
    .replace(/\band\b|&/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

export async function buildLaCodes(
  realdataDir: string,
  areas: ReadonlyMap<string, AreaSpan>,
  lait: SourceTable,
  problems: string[],
): Promise<LaCodeRow[]> {
  const pairs = new Map<string, LaCodeRow>()
  const csvFiles = readdirSync(realdataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(realdataDir, d.name))
        .filter((f) => f.endsWith('.csv'))
        .map((f) => path.join(d.name, f)),
    )
    .sort()
  for (const relative of csvFiles) {
    const table = await readCsvTable(
      path.join(realdataDir, relative),
      (r) => (r.fields.geographic_level ?? '').trim() === 'Local authority',
    )
    if (!table.header.includes('old_la_code') || !table.header.includes('new_la_code')) continue
    for (const { line, fields } of table.records) {
      const number = fields.old_la_code!.trim()
      const code = fields.new_la_code!.trim()
      if (!number || !code) continue
      const area = areas.get(code)
      if (!area) {
        problems.push(
          `${relative} line ${line}: DfE number ${number} (${fields.la_name}) is paired with ${code}, which is not in data/areas/areas.csv`,
        )
        continue
      }
      const key = `${number}|${code}`
      if (!pairs.has(key))
        pairs.set(key, {
          dfeNumber: number,
          code,
          name: area.name,
          source: `DfE Explore Education Statistics, ${path.basename(relative)}`,
        })
    }
  }
  // England, the regions, Inner and Outer London, as LAIT numbers them; the names must agree.
  const laitNames = new Map<string, string>()
  for (const r of lait.records) laitNames.set(String(r.fields['LA Number']), r.fields['LA and Regions']!)
  for (const [number, code] of Object.entries(LAIT_ABOVE_LA)) {
    const name = areas.get(code)?.name ?? INNER_OUTER[code]!
    const laitName = laitNames.get(number)
    if (laitName === undefined) problems.push(`LAIT has no area number ${number}`)
    else if (simplify(laitName.replace(/London \((Inner|Outer)\)/, '$1 London')) !== simplify(name)) {
      problems.push(`LAIT area ${number} is "${laitName}", expected ${code} ${name}`)
    }
    pairs.set(`${number}|${code}`, {
      dfeNumber: number,
      code,
      name,
      source: 'DfE LAIT area numbers (bds_long_0.parquet), matched by name to the ONS code',
    })
  }
  // An authority that changed code at a boundary change (Gateshead and Northumberland 2013,
  // Barnsley and Sheffield 2025) kept its DfE number: a code no DfE file pairs with a number takes
  // the number of the code of the same name that it follows or precedes by a day. (Dorset's new
  // council has its own number, 838, so it is paired already and not inferred.)
  const spans = [...areas.values()]
  const paired = new Set([...pairs.values()].map((p) => p.code))
  for (const pair of [...pairs.values()]) {
    const before = areas.get(pair.code)
    if (!before) continue
    for (const other of spans) {
      const follows = (a: AreaSpan, b: AreaSpan) =>
        a.validTo !== null && b.validFrom !== null && dayAfter(a.validTo) === b.validFrom
      if (other.name !== before.name || other.code === before.code || paired.has(other.code)) continue
      if (!follows(before, other) && !follows(other, before)) continue
      const key = `${pair.dfeNumber}|${other.code}`
      if (!pairs.has(key))
        pairs.set(key, {
          dfeNumber: pair.dfeNumber,
          code: other.code,
          name: other.name,
          source: `the same authority as ${pair.code} under the code it took on ${follows(before, other) ? other.validFrom : before.validFrom} (data/areas/areas.csv)`,
        })
    }
  }
  const rows = [...pairs.values()].sort(
    (a, b) => Number(a.dfeNumber) - Number(b.dfeNumber) || (a.code < b.code ? -1 : 1),
  )

  // Every LAIT local authority has a number here; a different spelling of its name is only noted.
  const byNumber = new Map<string, LaCodeRow[]>()
  for (const r of rows) byNumber.set(r.dfeNumber, [...(byNumber.get(r.dfeNumber) ?? []), r])
  for (const [number, laitName] of laitNames) {
    const known = byNumber.get(number)
    if (!known) problems.push(`LAIT area ${number} "${laitName}" has no ONS code in DfE's files`)
  }
  // Every upper-tier authority in the ONS lookup and in our areas file has a DfE number.
  const onsLookup = await readCsvTable(
    path.join(realdataDir, 'dfe-csc-outcomes-enablers', 'LTLA-UTLA_Apr23_Lookup_England-Wales.csv'),
  )
  const numbered = new Set(rows.map((r) => r.code))
  for (const { line, fields } of onsLookup.records) {
    const code = fields.UTLA23CD!.trim()
    if (code.startsWith('E') && !numbered.has(code))
      problems.push(`ONS lookup line ${line}: ${code} ${fields.UTLA23NM} has no DfE number`)
  }
  for (const a of areas.values()) {
    if (a.type === 'county_ua' && !numbered.has(a.code))
      problems.push(`data/areas/areas.csv: ${a.code} ${a.name} has no DfE number`)
  }
  return rows
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

export function laCodesCsv(rows: readonly LaCodeRow[]): string {
  return csvText(
    ['dfe_number', 'code', 'name', 'source'],
    rows.map((r) => [r.dfeNumber, r.code, r.name, r.source]),
  )
}

/** RFC 4180 with LF line ends, as the other files in data/ are written. */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
  return [header, ...rows].map((r) => r.map(cell).join(',') + '\n').join('')
}
