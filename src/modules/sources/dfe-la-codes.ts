/**
 * data/areas/dfe-la-codes.csv (built by `npm run data:build`): DfE local authority numbers with
 * the ONS codes each has stood for, read once, for imports of DfE's own files.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../config.js'
import { parseCsv } from '../stats/csv.js'
import type { DfeLaCode } from './dfe-areas.js'

let cached: DfeLaCode[] | undefined

export function dfeLaCodes(file = path.join(projectRoot, 'data', 'areas', 'dfe-la-codes.csv')): DfeLaCode[] {
  if (cached) return cached
  if (!existsSync(file)) return (cached = [])
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'))
  const at = (name: string) => head!.fields.indexOf(name)
  cached = rows.map((r) => ({
    dfeNumber: r.fields[at('dfe_number')]!,
    code: r.fields[at('code')]!,
    name: r.fields[at('name')]!,
  }))
  return cached
}
