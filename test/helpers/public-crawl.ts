/**
 * A crawl of the public site as the public sees it, for the disclosure tests: breadth first from
 * the start pages through links (a page's feed and embeds among them), every GET form's choices and
 * the OpenAPI document's paths; each response read as text and as records (JSON objects, CSV and
 * worksheet rows) and, for a page, its table rows; a feed or an SVG image as its words and links. What the paths and text boxes are filled with is the caller's (CrawlSeeds).
 */
import ExcelJS from 'exceljs'
import { readCsvRecords } from '../../src/lib/csv-stream.js'
import type { createTestApp } from './test-app.js'

/** What the crawl fills in: text box words, and values for OpenAPI path and query parameters by name. */
export interface CrawlSeeds {
  /** Words typed into each text or search box, one address each. */
  searchWords: string[]
  /** Values for a path or query parameter, by its name and the path segment before it; [] to leave a query parameter out. */
  parameter(name: string, before: string, where: 'path' | 'query'): string[]
  /** Checks each response: what it gives away, as sentences. */
  leaksOf(f: Fetched): string[]
}

export const START = ['/', '/indicators', '/open-data', '/api/openapi.json']
/** Paths never fetched: signing in, and static files (no data). */
export const skipPath = (p: string) =>
  p === '/sign-in' || p.startsWith('/sign-in/') || p.startsWith('/sign-in?') || /^\/(assets|govuk|static)\//.test(p)
/** A runaway crawl (links that make new query strings for ever) fails rather than hangs. */
const MAX_URLS = 4000

export interface Fetched {
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
  const withoutDrawings = html.replace(
    /<svg[\s\S]*?<\/svg>/g,
    (svg) =>
      [...svg.matchAll(/<(title|desc)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => ` ${m[2]} `).join('') +
      [...svg.matchAll(/\saria-label="([^"]*)"/g)].map((m) => ` ${m[1]} `).join(''),
  )
  const attributes = [
    ...withoutDrawings.matchAll(/\s(?:aria-label|title|alt|value|content|data-[\w-]+)="([^"]*)"/g),
  ].map((m) => m[1])
  const text = withoutDrawings.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ')
  return decode(`${text} ${attributes.join(' ')}`).replace(/\s+/g, ' ')
}

function htmlRows(html: string): string[][] {
  return [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) =>
    [...m[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      decode(c[1]!.replace(/<[^>]+>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim(),
    ),
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
 * select, radio and checkbox on its own, and each text box with the seeds' words (filters and
 * search can reach views no link does).
 */
function formTargets(html: string, page: string, expanded: Set<string>, searchWords: string[]): string[] {
  const out: string[] = []
  for (const [, formAttrs, body] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if ((attr(formAttrs!, 'method') ?? 'get').toLowerCase() !== 'get') continue
    const action = attr(formAttrs!, 'action') || page.split('?')[0]!
    // Each form once (the first page it is met on), or its results' own forms would multiply without end.
    const signature = `${action}|${[...body!.matchAll(/\sname="([^"]*)"/g)]
      .map((m) => m[1])
      .sort()
      .join(',')}`
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
        if (type === 'text' || type === 'search')
          variants.push(...searchWords.map((w): [string, string][] => [[name, w]]))
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
    const address = (params: [string, string][]) =>
      `${action.split('#')[0]}${action.includes('?') ? '&' : '?'}${new URLSearchParams(params).toString()}`
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
        if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2)
          walk(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1)
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
      const cells = (row.values as unknown[])
        .slice(1)
        .map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v))
      lines.push(cells.map((c) => String(c ?? '')).join(','))
      if (!header) header = cells.map((c) => String(c ?? ''))
      else records.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
    })
  })
  return { text: lines.join('\n'), records }
}

/** A route's URL pattern (Fastify's :param and *) as a regular expression for paths. */
export function routePattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
  return new RegExp(`^${escaped.join('/')}/?$`)
}

export interface Crawl {
  visited: Map<string, Fetched>
  leaks: string[]
  serverErrors: string[]
}

type App = Awaited<ReturnType<typeof createTestApp>>['app']

/**
 * /api/v1 paths from the OpenAPI document, with path parameters filled from the seeds, and each
 * operation also with its query parameters filled from the seeds (one address per value of each).
 */
function openApiPaths(doc: unknown, seeds: CrawlSeeds, strategyIds: string[]): string[] {
  const d = doc as {
    servers?: { url?: string }[]
    paths?: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>
  }
  const base = (d.servers?.[0]?.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\/$/, '')
  const out: string[] = []
  for (const [template, operations] of Object.entries(d.paths ?? {})) {
    if (!operations.get) continue
    const full = template.startsWith('/api/') ? template : `${base}${template}`
    let urls = [full]
    for (const [, name] of full.matchAll(/\{([^}]+)\}/g)) {
      const before =
        full
          .slice(0, full.indexOf(`{${name}}`))
          .split('/')
          .filter(Boolean)
          .pop() ?? ''
      const values =
        /strateg/i.test(name!) || /strateg/i.test(before) ? strategyIds : seeds.parameter(name!, before, 'path')
      urls = urls.flatMap((u) => values.map((v) => u.replace(`{${name}}`, encodeURIComponent(v))))
    }
    out.push(...urls)
    // Each query parameter on its own, and all of them together with their first values.
    const params = (operations.get.parameters ?? [])
      .filter((x) => x.in === 'query')
      .map((p) => [p.name, seeds.parameter(p.name, '', 'query')] as const)
    const first = params.filter(([, v]) => v.length).map(([n, v]) => `${n}=${encodeURIComponent(v[0]!)}`)
    if (first.length) out.push(...urls.map((u) => `${u}?${first.join('&')}`))
    for (const [name, values] of params)
      for (const v of values) out.push(...urls.map((u) => `${u}?${name}=${encodeURIComponent(v)}`))
  }
  return out
}

/** Fetches one URL as the public and reads it; returns what it says and where it leads. */
async function read(
  app: App,
  url: string,
  seeds: CrawlSeeds,
  strategyIds: string[],
  expandedForms: Set<string>,
): Promise<{ fetched: Fetched; next: string[] }> {
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
    if (url === '/api/openapi.json') next.push(...openApiPaths(doc, seeds, strategyIds))
  } else if (/csv/.test(contentType)) {
    text = res.payload
    records = await csvRecords(res.payload)
  } else if (/html/.test(contentType)) {
    text = htmlWords(res.payload)
    rows = htmlRows(res.payload)
    next.push(...links(res.payload), ...formTargets(res.payload, url, expandedForms, seeds.searchWords))
  } else if (/atom\+xml|svg\+xml/.test(contentType)) {
    // A feed or a chart image: its words (entries' titles and summaries; an image's title and description) and its links.
    text = htmlWords(res.payload)
    next.push(...links(res.payload))
  } else {
    text = res.payload
  }
  return { fetched: { url, status: res.statusCode, contentType, text, records, rows }, next }
}

/** Breadth first from the start pages (or only the given URLs, following nothing), as the public. */
export async function crawl(app: App, seeds: CrawlSeeds, strategyIds: string[], only?: string[]): Promise<Crawl> {
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
    if (queue.length > MAX_URLS)
      throw new Error(`the crawl passed ${MAX_URLS} URLs: some links make new URLs without end (last: ${queue.at(-1)})`)
    const url = queue[i]!
    const { fetched, next } = await read(app, url, seeds, strategyIds, expandedForms)
    result.visited.set(url, fetched)
    if (fetched.status >= 500) result.serverErrors.push(`${url}: ${fetched.status}`)
    for (const leak of seeds.leaksOf(fetched))
      result.leaks.push(`${url} (${fetched.status}, ${fetched.contentType.split(';')[0]}): ${leak}`)
    if (!only) next.forEach((n) => enqueue(n, url))
  }
  return result
}
