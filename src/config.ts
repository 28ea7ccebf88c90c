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
  /** Public outputs suppress counts below this, and everything worked out from them. */
  disclosureThreshold: number
  /** Session cookies only over HTTPS (browsers treat http://localhost as secure too). */
  secureCookies: boolean
  /** A session ends after this many hours without use. */
  sessionIdleHours: number
  /** Sign-in through the organisation's identity provider (OpenID Connect), when configured. */
  oidc: OidcConfig | null
  /** Keep rendered public responses in memory by data version (PAGE_CACHE=off to measure without). */
  pageCache: boolean
  /**
   * How often (ms) the page cache checks for changed data, to render the pages people were reading
   * again before anyone asks (PAGE_WARM_MS; off in the tests unless asked for); null: never.
   */
  pageWarmMs: number | null
  /**
   * The datasets in data/datasets loaded at start, by file name (SHIPPED_DATASETS, comma-separated);
   * null for all of them. The test suite loads only the seed figures, as the published real data
   * takes minutes to load into a fresh embedded database.
   */
  shippedDatasets: readonly string[] | null
  /** Where e-mail goes out (SMTP_URL, e.g. smtp://relay.example:587); null sends none. */
  smtp: SmtpConfig | null
  /** The site's public address (SITE_URL, https://…), for links in e-mails; null writes paths. */
  siteUrl: string | null
  /** The release workflow (docs/ARCHITECTURE.md, "Releases"): imports and their publication. */
  releases: ReleaseConfig
}

export interface SmtpConfig {
  /** smtp:// or smtps://, with any credentials in the address. */
  url: string
  /** The From address, e.g. "Best Chance <best-chance@council.example>". */
  from: string
}

export interface ReleaseConfig {
  /**
   * RELEASE_WORKFLOW (on unless "off"): an import from the command line lands as a draft release,
   * public only once approved and its release time has come. Shipped data is always published at once.
   */
  workflow: boolean
  /** RELEASE_SECOND_APPROVER (on unless "off"): whoever imported a release may not approve it. */
  secondApprover: boolean
  /** RELEASE_POLL_MS: how often the server looks for a release that is due (default 5 s). */
  pollMs: number
  /** RELEASE_PRE_RELEASE_ROLES: roles that see an approved release before its time (default board_member). */
  preReleaseRoles: readonly string[]
}

export interface OidcConfig {
  issuer: string
  clientId: string
  clientSecret: string
  /** This service's own address, for the redirect back after sign-in (https://…). */
  baseUrl: string
  /** What the sign-in button calls the provider, e.g. "Microsoft Entra ID". */
  displayName: string
  /** Allow a plain-http issuer: only for a local test identity provider. */
  allowInsecure: boolean
}

export function loadConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`)
  const databaseUrl = env.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for the embedded database)')
  }
  const defaultSources = path.resolve(projectRoot, '..', 'shared', 'seeds')
  const sourcesDir = env.SOURCES_DIR
    ? path.resolve(env.SOURCES_DIR)
    : existsSync(defaultSources)
      ? defaultSources
      : null
  const disclosureThreshold = Number(env.DISCLOSURE_THRESHOLD ?? 5)
  if (!Number.isInteger(disclosureThreshold) || disclosureThreshold < 1) {
    throw new Error(`DISCLOSURE_THRESHOLD must be a whole number of at least 1, not "${env.DISCLOSURE_THRESHOLD}"`)
  }
  const sessionIdleHours = Number(env.SESSION_IDLE_HOURS ?? 8)
  if (!(sessionIdleHours > 0))
    throw new Error(`SESSION_IDLE_HOURS must be a positive number, not "${env.SESSION_IDLE_HOURS}"`)
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
    disclosureThreshold,
    secureCookies: env.SECURE_COOKIES
      ? env.SECURE_COOKIES === 'true'
      : env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test',
    sessionIdleHours,
    oidc: oidcConfig(env),
    pageCache: env.PAGE_CACHE !== 'off',
    pageWarmMs: pageWarmMs(env),
    shippedDatasets: env.SHIPPED_DATASETS?.trim()
      ? env.SHIPPED_DATASETS.split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : null,
    smtp: smtpConfig(env),
    siteUrl: env.SITE_URL?.trim().replace(/\/$/, '') || null,
    releases: releaseConfig(env),
  })
}

function releaseConfig(env: NodeJS.ProcessEnv): ReleaseConfig {
  const pollMs = Number(env.RELEASE_POLL_MS ?? 5000)
  if (!Number.isInteger(pollMs) || pollMs < 10)
    throw new Error(`RELEASE_POLL_MS must be a whole number of milliseconds, at least 10, not "${env.RELEASE_POLL_MS}"`)
  return Object.freeze({
    workflow: env.RELEASE_WORKFLOW !== 'off',
    secondApprover: env.RELEASE_SECOND_APPROVER !== 'off',
    pollMs,
    preReleaseRoles: Object.freeze(
      (env.RELEASE_PRE_RELEASE_ROLES ?? 'board_member')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  })
}

function pageWarmMs(env: NodeJS.ProcessEnv): number | null {
  const given = env.PAGE_WARM_MS?.trim() || (env.NODE_ENV === 'test' ? 'off' : '2000')
  if (given === 'off') return null
  const ms = Number(given)
  if (!Number.isInteger(ms) || ms < 10)
    throw new Error(`PAGE_WARM_MS must be "off" or a whole number of at least 10, not "${given}"`)
  return ms
}

function smtpConfig(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const url = env.SMTP_URL?.trim()
  if (!url) return null
  if (!/^smtps?:\/\//.test(url)) throw new Error('SMTP_URL must start with smtp:// or smtps://')
  const from = env.SMTP_FROM?.trim()
  if (!from) throw new Error('SMTP_URL needs SMTP_FROM, the address e-mail is sent from')
  return { url, from }
}

function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'BASE_URL'] as const
  const given = names.filter((n) => env[n]?.trim())
  if (!env.OIDC_ISSUER?.trim()) return null
  if (given.length < names.length) {
    throw new Error(
      `OpenID Connect needs ${names.join(', ')}; missing: ${names.filter((n) => !given.includes(n)).join(', ')}`,
    )
  }
  return {
    issuer: env.OIDC_ISSUER!.trim(),
    clientId: env.OIDC_CLIENT_ID!.trim(),
    clientSecret: env.OIDC_CLIENT_SECRET!.trim(),
    baseUrl: env.BASE_URL!.trim().replace(/\/$/, ''),
    displayName: env.OIDC_DISPLAY_NAME?.trim() || 'your organisation’s account',
    allowInsecure: env.OIDC_ALLOW_INSECURE === 'true',
  }
}
