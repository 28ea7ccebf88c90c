/**
 * docs/routes.md, generated from the routes the app registers: method, path, who may use it and the
 * file that registers it. `npm run docs:routes` writes it; test/integration/route-index.test.ts
 * fails when it is out of date.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { RegisteredRoute } from '../../src/modules/accounts/authorise.js'
import type { Access } from '../../src/modules/accounts/access.js'
import { loadConfig, projectRoot } from '../../src/config.js'
import { openDatabase } from '../../src/db/client.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createApp } from '../../src/app/app.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'

const accessInWords = (access: Access) => (typeof access === 'string' ? access : access.join(', '))

export function routeIndex(routes: readonly RegisteredRoute[]): string {
  const rows = routes
    .filter((r) => r.method !== 'HEAD' && !/^\/(assets|govuk|static)\//.test(r.url))
    .map((r) => `| ${r.method} | \`${r.url}\` | ${accessInWords(r.access)} | ${r.file ? `\`src/${r.file}\`` : ''} |`)
    .sort((a, b) => a.split('|')[2]!.localeCompare(b.split('|')[2]!) || a.localeCompare(b))
  return [
    '# Routes',
    '',
    'Generated from the registered routes by `npm run docs:routes` (a test fails when it is out of date).',
    'Access: `public` (anyone), `signed-in` (any account), or the roles allowed (administrators may use every route).',
    '',
    '| Method | Path | Access | Registered in |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n')
}

/** The routes as the app registers them, on an empty in-memory database (routes need no data). */
export async function registeredRoutes(): Promise<RegisteredRoute[]> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' })
  const database = await openDatabase({ databaseUrl: null, dataDir: null })
  try {
    await migrateToLatest(database.db)
    const app = await createApp({
      db: database.db,
      strategies: strategyService(database.db, config.primaryStrategy),
      config,
    })
    await app.ready()
    const routes = [...app.registeredRoutes]
    await app.close()
    return routes
  } finally {
    await database.close()
  }
}

export const routeIndexFile = path.join(projectRoot, 'docs', 'routes.md')

async function main() {
  writeFileSync(routeIndexFile, routeIndex(await registeredRoutes()))
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
