/**
 * Files from ../shared/reference (published test vectors and a real Fingertips export) and
 * ../shared/realdata (the published files the real dataset is built from), which sit beside the
 * repository, not in it. A test that needs one is never skipped silently: in CI a
 * missing file fails the run; elsewhere it is skipped with a warning that says why.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../src/config.js'

export const FINGERTIPS_EXPORT = 'fingertips/fingertips_93356_campylobacter_countyUA_2015-2017.csv'

export function sharedReference(
  relative: string,
  folder: 'reference' | 'realdata' = 'reference',
): { path: string; present: boolean } {
  const file = path.resolve(projectRoot, '..', 'shared', folder, relative)
  if (existsSync(file)) return { path: file, present: true }
  const message = `the ${folder} file ${relative} is not at ${file}`
  if (process.env.CI) throw new Error(`${message}: CI must provide ../shared/${folder}`)
  console.warn(`\n!! ${message}: the tests that need it are skipped\n`)
  return { path: file, present: false }
}
