/** The environment, parsed once into a typed, frozen object. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root: the same depth from src/ and dist/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface Config {
  port: number
  host: string
  /** postgres://… to use a PostgreSQL server; null for the embedded database. */
  databaseUrl: string | null
  /** Where the embedded database keeps its files. */
  dataDir: string
  /** Folder of the strategies' source documents, for checking quotes; null when not at hand. */
  sourcesDir: string | null
  /** Folder of strategy files loaded at start. */
  strategiesDir: string
  /** The strategy the home page shows; others are listed under Strategies. */
  primaryStrategy: string
  serviceName: string
  /** The organisation named in the page header. */
  organisationName: string
  production: boolean
  /** NODE_ENV=development: a developer's machine (error pages show stacks). */
  development: boolean
  logLevel: string
}

export function loadConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`)
  const databaseUrl = env.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for the embedded database)')
  }
  const defaultSources = path.resolve(projectRoot, '..', 'shared', 'seeds')
  const sourcesDir = env.SOURCES_DIR ? path.resolve(env.SOURCES_DIR) : existsSync(defaultSources) ? defaultSources : null
  return Object.freeze({
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(projectRoot, 'var')),
    sourcesDir,
    strategiesDir: path.resolve(env.STRATEGIES_DIR ?? path.join(projectRoot, 'data', 'strategies')),
    primaryStrategy: env.PRIMARY_STRATEGY ?? 'best-chance-2022-25',
    serviceName: env.SERVICE_NAME ?? 'Best Chance',
    organisationName: env.ORGANISATION_NAME ?? 'Barking and Dagenham',
    production: env.NODE_ENV === 'production',
    development: env.NODE_ENV === 'development',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  })
}
