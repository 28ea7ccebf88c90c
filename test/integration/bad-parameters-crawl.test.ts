/**
 * Every registered route, asked with hostile parameters by the public and by an administrator: NUL
 * bytes and other control characters, ids too big for any integer column, malformed
 * percent-encoding, and `next` values that lead off the site. Nothing may answer with a server
 * error or a redirect to another site, and every answer to a signed-in request says
 * `Cache-Control: no-store`. Routes come from the app itself, so a new route is crawled too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { ORG_A, signInAs, type TestUser } from '../helpers/accounts.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { createRisk } from '../../src/modules/risks/risks.service.js'
import { riskSchema } from '../../src/modules/risks/risks.domain.js'
import { createMeeting } from '../../src/modules/boards/boards.service.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'

const ORIGIN = 'https://best-chance.example'

/** Values for a path segment, percent-encoded as they would travel. */
const hostileSegments = [
  '%00',
  'gld-eyfs%00',
  '%01',
  '%0A',
  '%0D%0A',
  '%09',
  '%1B',
  '%7F',
  '99999999999999999999',
  '9223372036854775808',
  '-1',
  '1e999',
  '0x10',
  '1.5',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF',
  '%C4%80',
  '%F0%9F%98%80',
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(3000),
]

/** Values for every query parameter at once, including the ways off the site. */
const hostileValues = [
  '%00',
  '%01',
  '%0A',
  '%1F',
  '%7F',
  '99999999999999999999',
  '-99999999999999999999',
  '1e999',
  '%E0%A4%A',
  '%ED%A0%80',
  '%2F%09%2Fevil.example',
  '%2F%0A%2Fevil.example',
  '%2F%2Fevil.example',
  '%2F%5Cevil.example',
  'https%3A%2F%2Fevil.example',
  '%2F%252F%252Fevil.example',
  '%2F%C4%80',
  '9999-99-99',
  'a'.repeat(3000),
]

/** Every query parameter a route reads today, and a few it might read tomorrow. */
const queryNames = [
  'next',
  'q',
  'strategy',
  'type',
  'saved',
  'scores',
  'organisation',
  'board',
  'rating',
  'status',
  'plan',
  'overdue',
  'actor',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
  'page',
  'area',
  'as_of',
  'indicator',
  'format',
  'id',
]
const apiQueryNames = ['area', 'as_of', 'indicator', 'strategy']

const isStatic = (url: string) => /^\/(assets|govuk|static)\//.test(url)

describe.each(engines)('bad parameters on every route (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let admin: TestUser
  let fixtures: Record<string, string>

  beforeAll(async () => {
    t = await createTestApp(engine)
    const db = t.database.db
    admin = await signInAs(t.app, db, 'administrator')
    const actor = {
      id: admin.id,
      email: admin.email,
      displayName: 'Test administrator',
      role: 'administrator' as const,
      organisationId: null,
    }
    const model = await strategyService(db, t.config.primaryStrategy).readModel()
    const action = await createAction(
      db,
      { title: 'Crawled action (synthetic)', organisationId: ORG_A, leadRole: 'Head of Early Help' },
      'test',
    )
    const risk = await createRisk(
      db,
      model,
      riskSchema.parse({
        kind: 'risk',
        title: 'Crawled risk (synthetic)',
        cause: 'Synthetic cause',
        effect: 'Synthetic effect',
        organisationId: ORG_A,
        ownerRole: 'Head of Early Help',
        inherentLikelihood: '4',
        inherentImpact: '4',
        residualLikelihood: '3',
        residualImpact: '3',
        reviewDate: '2099-01-31',
        status: 'open',
        currentBoardId: 'partnership-subgroups',
      }),
      'test',
    )
    const meeting = await createMeeting(
      db,
      { strategyId: 'best-chance-2022-25', boardId: 'best-chance-partnership' },
      { meetsOn: '2026-01-15', title: 'Crawled meeting (synthetic)', location: null, status: 'held', public: true },
      actor,
    )
    fixtures = { action: action.id, risk: risk.id, meeting }
  }, 240_000)
  afterAll(async () => t?.close())

  /** A route's pattern with every parameter filled with a real record, so the page itself is reached. */
  function realUrl(pattern: string): string {
    const byPrefix: [string, string][] = [
      ['/api/v1/outcomes', 'best-start'],
      ['/api/v1/indicators', 'gld-eyfs'],
      ['/outcomes', 'best-start'],
      ['/intentions', 'best-start-1'],
      ['/priorities', 'domestic-abuse'],
      ['/childrens-outcomes', 'my-future'],
      ['/governance/meetings', fixtures.meeting!],
      ['/governance', 'best-chance-partnership'],
      ['/indicators', 'gld-eyfs'],
      ['/actions', fixtures.action!],
      ['/risks', fixtures.risk!],
      ['/boards', 'best-chance-partnership'],
      ['/meetings', fixtures.meeting!],
      ['/strategies', 'best-start-in-life'],
    ]
    const values: Record<string, string> = {
      strategyId: pattern.startsWith('/api/') ? 'best-chance-2022-25' : 'jlhws-2023-28',
      file: 'history.csv',
      entityType: 'action',
      entityId: fixtures.action!,
      id: byPrefix.find(([p]) => pattern.startsWith(p))?.[1] ?? 'x',
      '*': 'govuk-frontend.min.css',
    }
    return fillPattern(pattern, (name) => values[name] ?? '1')
  }

  /** The pattern's parameter names, in order. */
  const paramsOf = (pattern: string) => [...pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*')
  const fillPattern = (pattern: string, value: (name: string) => string) =>
    pattern.replace(/:(\w+)|\*/g, (_m, name: string | undefined) => value(name ?? '*'))

  /** Each parameter in turn given each hostile value, the others real. */
  function hostilePaths(pattern: string): string[] {
    const real = realUrl(pattern)
    const urls: string[] = []
    for (const param of paramsOf(pattern)) {
      for (const bad of hostileSegments)
        urls.push(fillPattern(pattern, (name) => (name === param ? bad : realUrlParam(pattern, real, name))))
    }
    return urls
  }
  /** The real value a parameter had in realUrl, read back by position. */
  function realUrlParam(pattern: string, real: string, name: string): string {
    const regex = new RegExp(`^${pattern.replace(/[.?+^$()[\]{}|\\]/g, '\\$&').replace(/:(\w+)|\*/g, '([^/]+|.+)')}$`)
    const match = regex.exec(real)
    return match?.[paramsOf(pattern).indexOf(name) + 1] ?? '1'
  }

  function hostileQueries(pattern: string): string[] {
    const base = realUrl(pattern)
    const urls = hostileValues.map((v) => `${base}?${queryNames.map((n) => `${n}=${v}`).join('&')}`)
    urls.push(`${base}?next=%2Fa&next=%2Fb&q=a&q=b&page=1&page=2`)
    if (pattern.startsWith('/api/'))
      for (const n of apiQueryNames) for (const v of hostileValues) urls.push(`${base}?${n}=${v}`)
    return urls
  }

  /** What is wrong with an answer, or null. */
  function problem(res: LightMyRequestResponse, signedIn: boolean, url: string): string | null {
    if (res.statusCode >= 500) return `HTTP ${res.statusCode}`
    const location = res.headers.location
    if (location !== undefined) {
      const where = new URL(String(location), `${ORIGIN}/page`)
      if (where.origin !== ORIGIN) return `redirects off the site to ${JSON.stringify(location)}`
    }
    if (signedIn && !isStatic(url) && !String(res.headers['cache-control'] ?? '').includes('no-store'))
      return `no Cache-Control: no-store (${res.headers['cache-control']})`
    return null
  }

  async function crawl(
    method: 'GET' | 'POST',
    urlsFor: (pattern: string) => string[],
    payload?: Record<string, string>,
  ) {
    const routes = t.app.registeredRoutes.filter((r) => r.method === method)
    const found: string[] = []
    let asked = 0
    for (const route of routes) {
      for (const url of urlsFor(route.url)) {
        for (const signedIn of method === 'GET' ? [false, true] : [true]) {
          const headers = signedIn ? { cookie: admin.cookie } : {}
          const res = await t.app.inject({
            method,
            url,
            headers,
            ...(payload ? { payload: { _csrf: admin.csrf, ...payload } } : {}),
          })
          asked++
          const wrong = problem(res, signedIn, url)
          if (wrong)
            found.push(
              `${method} ${route.url} ${url.slice(0, 160)} as ${signedIn ? 'administrator' : 'the public'}: ${wrong}`,
            )
        }
      }
    }
    return { found, asked }
  }

  it('finds the routes it means to crawl', () => {
    const gets = t.app.registeredRoutes.filter((r) => r.method === 'GET')
    expect(gets.length).toBeGreaterThan(50)
    expect(gets.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/meetings/:id', '/sign-in', '/indicators/:id', '/api/v1/data', '/audit']),
    )
  })

  it('says Cache-Control: no-store on every page a signed-in person is given, and leaves public pages cacheable', async () => {
    const pages = t.app.registeredRoutes.filter((r) => r.method === 'GET' && !isStatic(r.url))
    const ok: string[] = []
    for (const route of pages) {
      const url = realUrl(route.url)
      const res = await t.app.inject({ url, headers: { cookie: admin.cookie } })
      expect(res.statusCode, url).toBeLessThan(500)
      expect(String(res.headers['cache-control']), url).toContain('no-store')
      if (res.statusCode === 200) ok.push(url)
    }
    expect(ok.length).toBeGreaterThan(50) // the real pages, not just refusals
    const asset = await t.app.inject({ url: '/govuk/govuk-frontend.min.css', headers: { cookie: admin.cookie } })
    expect(asset.statusCode).toBe(200)
    expect(String(asset.headers['cache-control'])).not.toContain('no-store')
    const open = await t.app.inject({ url: '/indicators/gld-eyfs' })
    expect(open.statusCode).toBe(200)
    expect(String(open.headers['cache-control'] ?? '')).not.toContain('no-store')
  })

  it('answers hostile path parameters on every GET route without a server error', async () => {
    const { found, asked } = await crawl('GET', hostilePaths)
    expect(asked).toBeGreaterThan(1000)
    expect(found).toEqual([])
  }, 600_000)

  it('answers hostile query parameters on every GET route without a server error or an off-site redirect', async () => {
    const { found, asked } = await crawl('GET', hostileQueries)
    expect(asked).toBeGreaterThan(2000)
    expect(found).toEqual([])
  }, 600_000)

  it('refuses a NUL byte or control character in any form field of every POST route with 400, changing nothing', async () => {
    const before = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    for (const bad of ['a\u0000b', 'a\u0001b', '\u001b[31m']) {
      const posts = t.app.registeredRoutes.filter((r) => r.method === 'POST')
      for (const route of posts) {
        const url = realUrl(route.url)
        const payload = {
          title: bad,
          email: bad,
          password: bad,
          paperTitle: 'Paper',
          url: 'https://example.org/p.pdf',
          restricted: 'no',
          [`${bad}key`]: 'x',
        }
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: admin.cookie },
          payload: { _csrf: admin.csrf, ...payload },
        })
        expect(res.statusCode, `POST ${url} with ${JSON.stringify(bad)}`).toBe(400)
      }
    }
    const after = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    // Still signed in: /sign-out was refused too.
    expect((await t.app.inject({ url: '/my-work', headers: { cookie: admin.cookie } })).statusCode).toBe(200)
  }, 300_000)

  it('answers hostile path parameters on every POST route without a server error', async () => {
    const { found } = await crawl(
      'POST',
      (pattern) => hostilePaths(pattern).filter((u) => /99999|%00|%E0|%ED|-1|1e999/.test(u)),
      { title: 'x' },
    )
    expect(found).toEqual([])
  }, 600_000)

  it('keeps text areas working: tabs and line breaks in a form are not refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/meetings/${fixtures.meeting}/decisions`,
      headers: { cookie: admin.cookie },
      payload: {
        _csrf: admin.csrf,
        decisionText: 'First line\r\nSecond line\twith a tab',
        'decidedOn-day': '15',
        'decidedOn-month': '1',
        'decidedOn-year': '2026',
      },
    })
    expect(res.statusCode, res.body).toBe(303)
  })
})
