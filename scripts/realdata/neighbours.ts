/**
 * Builds data/areas/statistical-neighbours.csv: for every local authority, a comparator group of
 * the authority and its ten DfE children's services statistical neighbours, for the 2025 model and
 * the April 2021 model. Each group's id ends with its authority's code, which is how summaries know
 * to rank only that authority within it (comparator-groups.ts, groupFocus).
 */
import path from 'node:path'
import type { DfeAreaResolver } from '../../src/modules/sources/dfe-areas.js'
import { csvText } from './la-codes.js'
import { readCsvTable } from './read-tables.js'

export interface NeighbourModel {
  year: string
  file: string
  /** The day the model's codes are read on. */
  date: string
  /** The number column, and the neighbour columns in order. */
  numberColumn: string
  neighbourColumns: string[]
}

export const MODELS: NeighbourModel[] = [
  {
    year: '2025',
    file: 'dfe-csc-outcomes-enablers/sn_model_2025_wide.csv',
    date: '2025-03-31',
    numberColumn: 'old_la_code',
    neighbourColumns: Array.from({ length: 10 }, (_, i) => `SN_${i + 1}`),
  },
  {
    year: '2021',
    file: 'dfe-csc-outcomes-enablers/New_Statistical_Neighbour_Groupings_April_2021.csv',
    date: '2021-04-01',
    numberColumn: 'LA num',
    neighbourColumns: Array.from({ length: 10 }, (_, i) => `SN${i + 1}`),
  },
]

export interface GroupRow {
  groupId: string
  groupName: string
  areaCode: string
}

export async function buildNeighbourGroups(
  realdataDir: string,
  resolver: DfeAreaResolver,
  areaName: (code: string) => string,
  problems: string[],
): Promise<GroupRow[]> {
  const rows: GroupRow[] = []
  for (const model of MODELS) {
    const table = await readCsvTable(path.join(realdataDir, model.file))
    for (const { line, fields } of table.records) {
      const number = (fields[model.numberColumn] ?? '').trim()
      // The 2021 file ends with a blank row and an "Old SNs" section for authorities since abolished.
      if (!number) break
      const resolve = (n: string) => {
        const r = resolver.byNumber(n, model.date, model.date)
        if ('code' in r && !r.closed) return r.code
        problems.push(
          `${model.file} line ${line}: ${'error' in r ? r.error : 'outOfScope' in r ? r.outOfScope : `DfE number ${n} had closed by ${model.date}`}`,
        )
        return null
      }
      const own = resolve(number)
      const neighbours = model.neighbourColumns.map((c) => resolve((fields[c] ?? '').trim()))
      if (!own || neighbours.some((n) => n === null)) continue
      const groupId = `statistical-neighbours-${model.year}-${own.toLowerCase()}`
      const groupName = `${areaName(own)} and its statistical neighbours (DfE children's services, ${model.year} model)`
      for (const code of [own, ...(neighbours as string[])]) rows.push({ groupId, groupName, areaCode: code })
    }
  }
  return rows
}

export function groupsCsv(rows: readonly GroupRow[]): string {
  return csvText(
    ['group_id', 'group_name', 'area_code'],
    rows.map((r) => [r.groupId, r.groupName, r.areaCode]),
  )
}
