/**
 * The server the page benchmark measures, in its own process so the load generator does not share
 * its event loop: the real app on the embedded database with the strategies, the shipped data and
 * a labelled synthetic history for one indicator (so its page has charts), plus one extra route
 * that streams the overview's HTML from a file: the static baseline from the same server
 * (bench/lib/static-baseline.ts, at /bench/static/overview).
 * Prints "ready <port> <indicator id>" when listening.
 */
import path from 'node:path'
import { loadConfig, projectRoot } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { loadStrategyFolder } from '../src/app/server.js'
import { loadShippedData } from '../src/modules/indicators/startup-data.js'
import { strategyService } from '../src/modules/strategy/strategy.service.js'
import { importData } from '../src/modules/indicators/import/import.service.js'
import { createApp } from '../src/app/app.js'
import { addStaticBaselines } from './lib/static-baseline.js'

const INDICATOR = process.env.BENCH_INDICATOR ?? 'year-r-obesity'

const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0' })
const database = await openDatabase({ databaseUrl: null, dataDir: null })
await migrateToLatest(database.db)
const app = await createApp({
  db: database.db,
  strategies: strategyService(database.db, config.primaryStrategy),
  config,
})
await loadStrategyFolder(database, config, () => {})
await loadShippedData(database.db, path.join(projectRoot, 'data'), () => {})
await importData(database.db, syntheticHistory(INDICATOR), {
  sourceName: 'bench (synthetic)',
  format: 'template',
  actor: 'bench',
})

await addStaticBaselines(app, { overview: '/' })
const address = await app.listen({ port: 0, host: '127.0.0.1' })
console.log(`ready ${new URL(address).port} ${INDICATOR}`)

/** Ten years of a synthetic proportion for Barking and Dagenham, London and England (labelled synthetic). */
function syntheticHistory(indicatorId: string): string {
  const rows = ['indicator_id,area_code,period,sex,age,value,count,denominator,source']
  const areas: [string, number][] = [
    ['E09000002', 7.9],
    ['E12000007', 7.4],
    ['E92000001', 6.9],
  ]
  for (const [area, base] of areas) {
    for (let year = 2014; year <= 2023; year++) {
      const denominator = area === 'E09000002' ? 3_600 : area === 'E12000007' ? 110_000 : 580_000
      const value = base - (year - 2014) * 0.05
      rows.push(
        [
          indicatorId,
          area,
          String(year),
          'Persons',
          'All ages',
          value.toFixed(2),
          String(Math.round((value / 100) * denominator)),
          String(denominator),
          'Synthetic benchmark data',
        ].join(','),
      )
    }
  }
  return rows.join('\n') + '\n'
}
