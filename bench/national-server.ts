/**
 * The server the national benchmark loads, in its own process: the real app on a database the
 * benchmark has already filled (PostgreSQL at DATABASE_URL, or PGlite in BENCH_DATA_DIR), plus the
 * static baseline of each target (bench/lib/static-baseline.ts). BENCH_TARGETS is a JSON object of
 * name → address. Prints "answered <name> <ms> <bytes>" as each target's first answer comes, and
 * "ready <port> <first answers as JSON>" when listening.
 */
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import { strategyService } from '../src/modules/strategy/strategy.service.js'
import { createApp } from '../src/app/app.js'
import { addStaticBaselines } from './lib/static-baseline.js'

const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0' })
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.databaseUrl ? null : process.env.BENCH_DATA_DIR!,
  holder: 'bench',
})
const app = await createApp({
  db: database.db,
  strategies: strategyService(database.db, config.primaryStrategy),
  config,
})
const targets = JSON.parse(process.env.BENCH_TARGETS ?? '{}') as Record<string, string>
const firsts = await addStaticBaselines(app, targets, (name, first) =>
  console.log(`answered ${name} ${first.ms} ${first.bytes}`),
)
const address = await app.listen({ port: 0, host: '127.0.0.1' })
console.log(`ready ${new URL(address).port} ${JSON.stringify(firsts)}`)
const stop = async () => {
  await app.close()
  await database.close()
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
