/**
 * npm run data:build — rebuilds the shipped real data from the published files in ../shared/realdata
 * (the only time those files are read): data/datasets/real-*.csv, data/areas/dfe-la-codes.csv and
 * data/areas/statistical-neighbours.csv. Refuses, writing nothing, if any row would not import.
 *
 *   npm run data:build [-- --realdata <dir>] [-- --out <data dir>]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { projectRoot } from '../src/config.js'
import { buildRealData } from './realdata/build.js'

const { values } = parseArgs({
  options: {
    realdata: { type: 'string', default: path.resolve(projectRoot, '..', 'shared', 'realdata') },
    out: { type: 'string', default: path.join(projectRoot, 'data') },
  },
})

const started = Date.now()
const result = await buildRealData(values.realdata!, path.join(projectRoot, 'data'))
for (const note of result.notes) console.log(`note: ${note}`)
if (result.problems.length) {
  console.error(`data:build refused, nothing written: ${result.problems.length} problem(s)`)
  for (const p of result.problems) console.error(`  ${p}`)
  process.exit(1)
}
for (const [relative, content] of result.files) {
  const file = path.join(values.out!, relative)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
  console.log(`wrote ${path.relative(process.cwd(), file)} (${content.split('\n').length - 2} rows)`)
}
console.log(`data:build: ${result.rows.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`)
