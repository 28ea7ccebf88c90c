/**
 * Every public page and download, crawled as the public with the planted SYNTHETIC small cell
 * (disclosure-planted.ts: Barking and Dagenham, 2022/23, Male 3 of 40 = 7.5%, 2.61 to 20.39;
 * Female 37 of 41; Persons 40 of 81). No response may show the small cell, its value or interval,
 * or both the Persons count and the Female count (40 - 37 = 3). Every public GET route must be
 * reached by the crawl or be skipped here with a reason.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCsvRecords } from '../../src/lib/csv-stream.js'
import { computeInterval } from '../../src/modules/indicators/intervals.js'
import { createAction } from '../../src/modules/delivery/delivery.service.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'
import { publishPack } from '../helpers/pack-fixtures.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { BD, FEMALE, LATEST, LATEST_KEY, PERSONS, PLANTED_INDICATOR, SMALL, plantData } from './disclosure-planted.js'

/** Public GET routes the crawl need not reach, each with the reason. */
const SKIPPED_ROUTES: Record<string, string> = {
  '/health': 'a health check: says UP or DOWN, no figures',
  '/assets/*': 'static GOV.UK Frontend assets',
  '/govuk/*': 'static GOV.UK Frontend script and styles',
  '/static/*': 'our static styles',
  '/signed-out': 'the page after signing out, reached only through the sign-out form (a POST); it shows no figures',
}
/** Paths never fetched: signing in, and static files (no data). */
const skipPath = (p: string) => p === '/sign-in' || p.startsWith('/sign-in/') || p.startsWith('/sign-in?') || /^\/(assets|govuk|static)\//.test(p)

const START = ['/', '/indicators', '/open-data', '/api/openapi.json']
/** A runaway crawl (links that make new query strings for ever) fails rather than hangs. */
const MAX_URLS = 4000

const INDICATOR_NAME = 'good level of development'
const femaleInterval = computeInterval({ valueType: 'proportion', ciMethod: 'wilson', multiplier: 100 }, FEMALE.count, FEMALE.denominator)!

/** A number as the text of a page or file could write it: the raw figure and the 1 and 2 decimal place forms. */
function numberForms(n: number): string[] {
  return [...new Set([String(n), n.toFixed(1), n.toFixed(2)])]
}
const token = (text: string) => new RegExp(`(?<![\\d.])${text.replace('.', '\\.')}(?![\\d])`)

/** Figures that must appear nowhere: the small cell's and the secondarily suppressed Female cell's. */
const FORBIDDEN: { what: string; forms: string[] }[] = [
  { what: 'the small cell value (7.5)', forms: [...numberForms(SMALL.value), '0.075'] },
  { what: 'the small cell interval lower limit (2.61)', forms: numberForms(SMALL.lower95) },
  { what: 'the small cell interval upper limit (20.39)', forms: numberForms(SMALL.upper95) },
  { what: 'the Female value (90.24), which with Persons gives the small cell', forms: numberForms(FEMALE.value) },
  { what: 'the Female interval lower limit', forms: [femaleInterval.lower.toFixed(1), femaleInterval.lower.toFixed(2)] },
  { what: 'the Female interval upper limit', forms: [femaleInterval.upper.toFixed(1), femaleInterval.upper.toFixed(2)] },
  // Gaps worked out from them give them back too (a gap plus the shown value is the hidden value).
  ...([
    ['Male and Persons', SMALL.value, PERSONS.value],
    ['Male and Female', SMALL.value, FEMALE.value],
    ['Female and Persons', FEMALE.value, PERSONS.value],
  ] as const).map(([pair, a, b]) => ({ what: `the gap between ${pair}`, forms: numberForms(Number(Math.abs(a - b).toFixed(2))) })),
]

interface Fetched {
  url: string
  status: number
  contentType: string
  text: string
  /** Records of structured bodies (JSON objects, CSV and worksheet rows), flattened. */
  records: Record<string, unknown>[]
  /** Table rows of an HTML page, as cell texts. */
  rows: string[][]
}

const decode = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))

/**
 * What a page says in words: its text and the attributes read aloud or shown (aria-label, title,
 * alt, value, content, data-*). A chart's drawing (coordinates, tick labels) is left out: numbers
 * there are positions, and every chart carries its figures in a table that is checked; its title,
 * description and labels are kept.
 */
function htmlWords(html: string): string {
  const withoutDrawings = html.replace(/<svg[\s\S]*?<\/svg>/g, (svg) =>
    [...svg.matchAll(/<(title|desc)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => ` ${m[2]} `).join('') +
    [...svg.matchAll(/\saria-label="([^"]*)"/g)].map((m) => ` ${m[1]} `).join(''),
  )
  const attributes = [...withoutDrawings.matchAll(/\s(?:aria-label|title|alt|value|content|data-[\w-]+)="([^"]*)"/g)].map((m) => m[1])
  const text = withoutDrawings.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ')
  return decode(`${text} ${attributes.join(' ')}`).replace(/\s+/g, ' ')
}

function htmlRows(html: string): string[][] {
  return [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) =>
    [...m[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim()),
  )
}

function links(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)=(?:"([^"]*)"|'([^']*)')/g)].map((m) => decode(m[1] ?? m[2] ?? ''))
}

const attr = (attrs: string, name: string) => {
  const m = attrs.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`, 'i'))
  return m ? decode(m[1] ?? m[2] ?? '') : null
}

/**
 * The addresses a page's GET forms can lead to: the form as it stands, then each choice of each
 * select, radio and checkbox on its own, and each text box with words that find the planted
 * indicator and area (filters and search can reach views no link does).
 */
function formTargets(html: string, page: string, expanded: Set<string>): string[] {
  const out: string[] = []
  for (const [, formAttrs, body] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if ((attr(formAttrs!, 'method') ?? 'get').toLowerCase() !== 'get') continue
    const action = attr(formAttrs!, 'action') || page.split('?')[0]!
    // Each form once (the first page it is met on), or its results' own forms would multiply without end.
    const signature = `${action}|${[...body!.matchAll(/\sname="([^"]*)"/g)].map((m) => m[1]).sort().join(',')}`
    if (expanded.has(signature)) continue
    expanded.add(signature)
    const base: [string, string][] = []
    const variants: [string, string][][] = []
    for (const [, a] of body!.matchAll(/<input\b([^>]*)>/g)) {
      const name = attr(a!, 'name')
      if (!name || name === '_csrf') continue
      const type = (attr(a!, 'type') ?? 'text').toLowerCase()
      const value = attr(a!, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')
      const checked = /\schecked\b/i.test(a!)
      if (type === 'checkbox' || type === 'radio') {
        if (checked) base.push([name, value])
        variants.push([[name, value]])
      } else if (type === 'submit' || type === 'button' || type === 'image' || type === 'reset') continue
      else {
        base.push([name, value])
        if (type === 'text' || type === 'search') variants.push([[name, INDICATOR_NAME]], [[name, 'Barking']])
      }
    }
    for (const [, a, options] of body!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(a!, 'name')
      if (!name) continue
      const values = [...options!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map(([, o, label]) => ({
        value: attr(o!, 'value') ?? decode(label!.trim()),
        selected: /\sselected\b/i.test(o!),
      }))
      const chosen = values.find((v) => v.selected) ?? values[0]
      if (chosen) base.push([name, chosen.value])
      for (const v of values) variants.push([[name, v.value]])
    }
    const address = (params: [string, string][]) => `${action.split('#')[0]}${action.includes('?') ? '&' : '?'}${new URLSearchParams(params).toString()}`
    out.push(address(base))
    for (const change of variants) {
      const names = new Set(change.map(([n]) => n))
      out.push(address([...base.filter(([n]) => !names.has(n)), ...change]))
    }
  }
  return out
}

/** Every object in a JSON document, each with its nested plain values flattened in (a summary's latest.count …). */
function jsonRecords(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => jsonRecords(v, out))
  else if (value && typeof value === 'object') {
    const flat: Record<string, unknown> = {}
    const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) walk(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1)
        else if (v === null || typeof v !== 'object') flat[`${prefix}${k}`] = v
      }
    }
    walk(value as Record<string, unknown>, '', 0)
    out.push(flat)
    Object.values(value).forEach((v) => jsonRecords(v, out))
  }
  return out
}

function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) value.forEach((v) => jsonStrings(v, out))
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => jsonStrings(v, out))
  return out
}

async function csvRecords(text: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  let header: string[] | null = null
  for await (const { fields } of readCsvRecords([text])) {
    if (!header) header = fields.map((f) => f.trim())
    else out.push(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])))
  }
  return out
}

async function workbookRecords(body: Buffer): Promise<{ text: string; records: Record<string, unknown>[] }> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(body as unknown as ArrayBuffer)
  const records: Record<string, unknown>[] = []
  const lines: string[] = []
  workbook.eachSheet((sheet) => {
    let header: string[] | null = null
    sheet.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v))
      lines.push(cells.map((c) => String(c ?? '')).join(','))
      if (!header) header = cells.map((c) => String(c ?? ''))
      else records.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
    })
  })
  return { text: lines.join('\n'), records }
}

/** A structured record about B&D's planted indicator in the latest period, with its sex and count; else null. */
function plantedRecord(r: Record<string, unknown>): { sex: string; count: number | null; value: number | null } | null {
  const values = Object.values(r).map((v) => (v === null || v === undefined ? '' : String(v)))
  const has = (...candidates: string[]) => values.some((v) => candidates.includes(v))
  if (!has(BD, 'Barking and Dagenham') || !has(LATEST, LATEST_KEY)) return null
  if (has('gld-eyfs') === false && !values.some((v) => v.toLowerCase().includes(INDICATOR_NAME))) return null
  // A breakdown by category is another cell.
  const category = Object.entries(r).find(([k]) => /(^|\.)(category|category_type|categoryType)$/i.test(k))
  if (category && String(category[1] ?? '') !== '') return null
  const sex = ['Male', 'Female', 'Persons'].find((s) => has(s))
  if (!sex) return null
  const field = (pattern: RegExp) => {
    const hit = Object.entries(r).find(([k, v]) => pattern.test(k) && v !== null && v !== '' && Number.isFinite(Number(v)))
    return hit ? Number(hit[1]) : null
  }
  return { sex, count: field(/(^|\.)(count|numerator)$/i), value: field(/(^|\.)value$/i) }
}

/** Everything a response gives away about the planted cells. */
function leaksOf(f: Fetched): string[] {
  const leaks: string[] = []
  for (const { what, forms } of FORBIDDEN) {
    const found = forms.filter((form) => token(form).test(f.text))
    if (found.length) leaks.push(`${what}: found ${found.map((x) => `"${x}"`).join(', ')}`)
  }
  if (/(?<![\d.])3\s*(of|out of|\/)\s*40(?![\d.])/.test(f.text)) leaks.push('the small count as "3 of 40"')

  const planted = f.records.map(plantedRecord).filter((x) => x !== null)
  for (const p of planted) {
    if (p.sex === 'Male' && p.count === SMALL.count) leaks.push('a record of the small cell with its count 3')
    if (p.sex === 'Male' && p.value === SMALL.value) leaks.push('a record of the small cell with its value 7.5')
  }
  const personsCount = planted.some((p) => p.sex === 'Persons' && p.count === PERSONS.count)
  const femaleCount = planted.some((p) => p.sex === 'Female' && p.count === FEMALE.count)
  if (personsCount && femaleCount) leaks.push('records of both the Persons count (40) and the Female count (37): 40 - 37 = 3')

  // HTML tables on a page about the planted indicator: a Male row with a cell "3"; Female "37" with Persons "40".
  if (f.text.toLowerCase().includes(INDICATOR_NAME) || f.text.includes(PLANTED_INDICATOR)) {
    const rowWith = (word: RegExp, cell: string) => f.rows.some((row) => row.some((c) => word.test(c)) && row.includes(cell))
    if (rowWith(/\bMale\b/, String(SMALL.count))) leaks.push('a table row for Male with the count 3')
    if (rowWith(/\bFemale\b/, String(FEMALE.count)) && rowWith(/\b(Persons|All|Everyone)\b/, String(PERSONS.count))) {
      leaks.push('table rows with both the Persons count (40) and the Female count (37)')
    }
  }
  return leaks
}

/** A route's URL pattern (Fastify's :param and *) as a regular expression for paths. */
function routePattern(url: string): RegExp {
  const escaped = url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
  return new RegExp(`^${escaped.join('/')}/?$`)
}

/** /api/v1 paths from the OpenAPI document, with path parameters filled with the planted ids. */
function openApiPaths(doc: unknown, strategyIds: string[]): string[] {
  const d = doc as { servers?: { url?: string }[]; paths?: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }
  const base = (d.servers?.[0]?.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\/$/, '')
  const out: string[] = []
  for (const [template, operations] of Object.entries(d.paths ?? {})) {
    if (!operations.get) continue
    const full = template.startsWith('/api/') ? template : `${base}${template}`
    let urls = [full]
    for (const [, name] of full.matchAll(/\{([^}]+)\}/g)) {
      const before = full.slice(0, full.indexOf(`{${name}}`)).split('/').filter(Boolean).pop() ?? ''
      const values = /strateg/i.test(name!) || /strateg/i.test(before)
        ? strategyIds
        : /area|code/i.test(name!) || /area/i.test(before)
          ? [BD]
          : [PLANTED_INDICATOR]
      urls = urls.flatMap((u) => values.map((v) => u.replace(`{${name}}`, encodeURIComponent(v))))
    }
    // Queries by indicator and area too, where the operation takes them.
    const params = operations.get.parameters ?? []
    const query: string[] = []
    for (const p of params.filter((x) => x.in === 'query')) {
      if (/indicator/i.test(p.name)) query.push(`${p.name}=${PLANTED_INDICATOR}`)
      if (/area/i.test(p.name)) query.push(`${p.name}=${BD}`)
    }
    out.push(...urls, ...(query.length ? urls.map((u) => `${u}?${query.join('&')}`) : []))
  }
  return out
}

interface Crawl {
  visited: Map<string, Fetched>
  leaks: string[]
  serverErrors: string[]
}

type App = Awaited<ReturnType<typeof createTestApp>>['app']

/** Fetches one URL as the public and reads it; returns what it says and where it leads. */
async function read(app: App, url: string, strategyIds: string[], expandedForms: Set<string>): Promise<{ fetched: Fetched; next: string[] }> {
  const res = await app.inject({ method: 'GET', url })
  const contentType = String(res.headers['content-type'] ?? '')
  const body = res.rawPayload
  const next: string[] = []
  let text: string
  let records: Record<string, unknown>[] = []
  let rows: string[][] = []
  if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) next.push(String(res.headers.location))
  if (/spreadsheetml|excel/.test(contentType) || (body[0] === 0x50 && body[1] === 0x4b)) {
    ;({ text, records } = await workbookRecords(body))
  } else if (/json/.test(contentType)) {
    text = res.payload
    const doc = JSON.parse(res.payload)
    records = jsonRecords(doc)
    next.push(...jsonStrings(doc).filter((s) => /^\/(?!\/)[^\s]*$/.test(s)))
    if (url === '/api/openapi.json') next.push(...openApiPaths(doc, strategyIds))
  } else if (/csv/.test(contentType)) {
    text = res.payload
    records = await csvRecords(res.payload)
  } else if (/html/.test(contentType)) {
    text = htmlWords(res.payload)
    rows = htmlRows(res.payload)
    next.push(...links(res.payload), ...formTargets(res.payload, url, expandedForms))
  } else {
    text = res.payload
  }
  return { fetched: { url, status: res.statusCode, contentType, text, records, rows }, next }
}

/** Breadth first from the start pages (or only the given URLs, following nothing), as the public. */
async function crawl(app: App, strategyIds: string[], only?: string[]): Promise<Crawl> {
  const result: Crawl = { visited: new Map(), leaks: [], serverErrors: [] }
  const queue: string[] = []
  const seen = new Set<string>()
  const expandedForms = new Set<string>()
  const enqueue = (raw: string, from: string) => {
    let url: URL
    try {
      url = new URL(raw, `http://localhost${from}`)
    } catch {
      return
    }
    if (url.host !== 'localhost' || !/^https?:$/.test(url.protocol)) return
    const target = `${url.pathname}${url.search}`
    if (skipPath(target) || seen.has(target)) return
    seen.add(target)
    queue.push(target)
  }
  ;(only ?? START).forEach((u) => enqueue(u, '/'))
  for (let i = 0; i < queue.length; i++) {
    if (queue.length > MAX_URLS) throw new Error(`the crawl passed ${MAX_URLS} URLs: some links make new URLs without end (last: ${queue.at(-1)})`)
    const url = queue[i]!
    const { fetched, next } = await read(app, url, strategyIds, expandedForms)
    result.visited.set(url, fetched)
    if (fetched.status >= 500) result.serverErrors.push(`${url}: ${fetched.status}`)
    for (const leak of leaksOf(fetched)) result.leaks.push(`${url} (${fetched.status}, ${fetched.contentType.split(';')[0]}): ${leak}`)
    if (!only) next.forEach((n) => enqueue(n, url))
  }
  return result
}

const strategyIdsOf = async (t: Awaited<ReturnType<typeof createTestApp>>) =>
  (await t.database.db.selectFrom('strategies').select('id').where('archived_at', 'is', null).execute()).map((s) => s.id)

const aboutPlanted = (f: Fetched) => f.url.includes(PLANTED_INDICATOR) || f.text.toLowerCase().includes(INDICATOR_NAME) || f.text.includes(PLANTED_INDICATOR)

describe.each(engines)('no public page or download discloses a small number, on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let result: Crawl

  beforeAll(async () => {
    t = await createTestApp(engine)
    await plantData(t.database.db)
    // An action on the planted indicator, so the public action pages have something to show.
    await createAction(
      t.database.db,
      { title: 'Synthetic test action on early years development', organisationId: 'lbbd', leadRole: 'Head of Early Years', indicatorIds: [PLANTED_INDICATOR] },
      'test',
    )
    // A signed-off board pack of a meeting held in public, so the crawl reads the archive (/reports) too.
    await publishPack(t.database.db, await strategyService(t.database.db, t.config.primaryStrategy).readModel(), t.config.disclosureThreshold)
    result = await crawl(t.app, await strategyIdsOf(t))
  }, 600_000)
  afterAll(async () => {
    await t?.close()
  })

  it('crawls the site: the planted indicator page, the API and the downloads are among what it read', () => {
    const urls = [...result.visited.keys()]
    expect(urls.length).toBeGreaterThan(20)
    expect(urls).toContain(`/indicators/${PLANTED_INDICATOR}`)
    expect(urls.some((u) => u.startsWith('/api/v1/'))).toBe(true)
    expect([...result.visited.values()].some((f) => /csv/.test(f.contentType))).toBe(true)
    // The checks can see the planted data: the Persons cell (not suppressed) is found in some record.
    const persons = [...result.visited.values()].flatMap((f) => f.records.map(plantedRecord)).filter((p) => p?.sex === 'Persons' && p.count === PERSONS.count)
    expect(persons.length).toBeGreaterThan(0)
  })

  it('finds the planted small cell nowhere, nor the Female cell that would give it away', () => {
    expect(result.leaks, `leaks:\n${result.leaks.join('\n')}`).toEqual([])
  })

  it('would find the small cell if it were shown: with a threshold of 1, the same pages show it in HTML, CSV and JSON', async () => {
    const control = await createTestApp(engine, { DISCLOSURE_THRESHOLD: '1' })
    try {
      await plantData(control.database.db)
      const urls = [...result.visited.values()].filter(aboutPlanted).map((f) => f.url)
      const seen = await crawl(control.app, await strategyIdsOf(control), urls)
      const leakyTypes = new Set(seen.leaks.map((l) => l.match(/\(\d+, ([^)]+)\)/)![1]!.split('/').pop()))
      expect([...leakyTypes].sort()).toEqual(expect.arrayContaining(['csv', 'html', 'json']))
      expect(seen.leaks.some((l) => l.startsWith(`/indicators/${PLANTED_INDICATOR} `))).toBe(true)
      expect(seen.leaks.some((l) => l.includes('the small count 3') || l.includes('with its count 3'))).toBe(true)
    } finally {
      await control.close()
    }
  }, 300_000)

  it('reaches every public GET route, or says why not', () => {
    const paths = [...result.visited.keys()].map((u) => u.split('?')[0]!)
    const unreached = t.app.registeredRoutes
      .filter((r) => r.method === 'GET' && r.access === 'public' && !(r.url in SKIPPED_ROUTES) && !skipPath(r.url))
      .filter((r) => !paths.some((p) => routePattern(r.url).test(p)))
      .map((r) => r.url)
    expect([...new Set(unreached)], 'public GET routes neither crawled nor skipped with a reason').toEqual([])
  })

  it('meets no server error on the way', () => {
    expect(result.serverErrors).toEqual([])
  })
})
