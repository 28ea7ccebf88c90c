/**
 * Validates a strategy file's text: YAML syntax, the schema, unique ids, links that resolve to an
 * item of the right kind, and (when the source documents are at hand) quotes that really appear in
 * them. Every problem is reported with file, line and path, all at once. Pure: the caller supplies
 * what lies outside the file (other strategies' items, the source documents).
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml'
import { StrategyFile } from './strategy.schema.js'
import { buildGraph, type NodeKind, type StrategyGraph } from './strategy.graph.js'

export interface StrategyProblem {
  file: string
  line: number | null
  path: string
  message: string
}

export type ValidationResult =
  { ok: true; strategy: StrategyFile; graph: StrategyGraph } | { ok: false; problems: StrategyProblem[] }

export interface ValidationContext {
  /** The kind of an item in another strategy, or undefined if there is no such item. */
  kindOfExternal: (strategyId: string, id: string) => NodeKind | undefined
  /** The text of a source document, or undefined when it is not at hand (quotes then go unchecked). */
  sourceText?: (file: string) => string | undefined
}

export function formatProblem(p: StrategyProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top level)'}: ${p.message}`
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  )
}

export function validateStrategyText(fileName: string, text: string, ctx: ValidationContext): ValidationResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const lineOf = (offset: number) => lineCounter.linePos(offset).line
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ file: fileName, line: lineOf(e.pos[0]), path: '', message: e.message })),
    }
  }
  const problem = (path: readonly PropertyKey[], message: string): StrategyProblem => ({
    file: fileName,
    line: lineOfPath(doc, path, lineOf),
    path: formatPath(path),
    message,
  })

  const parsed = StrategyFile.safeParse(doc.toJS())
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => problem(issue.path, issue.message)) }
  }
  const strategy = parsed.data
  const graph = buildGraph(strategy)
  const problems = [
    ...checkIds(graph, problem),
    ...checkLinks(graph, ctx, problem),
    ...checkSources(strategy, ctx, problem),
  ]
  return problems.length ? { ok: false, problems } : { ok: true, strategy, graph }
}

type MakeProblem = (path: readonly PropertyKey[], message: string) => StrategyProblem

function checkIds(graph: StrategyGraph, problem: MakeProblem): StrategyProblem[] {
  const seen = new Map<string, number>()
  const problems: StrategyProblem[] = []
  for (const node of graph.nodes) {
    const count = (seen.get(node.id) ?? 0) + 1
    seen.set(node.id, count)
    if (count === 2) {
      const duplicates = graph.nodes.filter((n) => n.id === node.id)
      const where = duplicates.map((n) => `${n.kind} "${truncate(n.title)}"`).join(' and ')
      problems.push(problem(graph.nodePaths.get(node.id) ?? [], `duplicate id "${node.id}": used by ${where}`))
    }
  }
  return problems
}

function checkLinks(graph: StrategyGraph, ctx: ValidationContext, problem: MakeProblem): StrategyProblem[] {
  const own = new Map(graph.nodes.map((n) => [n.id, n.kind]))
  const problems: StrategyProblem[] = []
  for (const link of graph.links) {
    if (link.fromPath && !own.has(link.fromId)) {
      problems.push(problem(link.fromPath, `unknown link "${link.fromId}": must be a body defined in this strategy`))
    }
    const external = link.toStrategyId !== graph.strategyId
    const kind = external ? ctx.kindOfExternal(link.toStrategyId, link.toId) : own.get(link.toId)
    const target = external ? `${link.toStrategyId}:${link.toId}` : link.toId
    if (!kind) {
      const hint = external ? ` (no such item in strategy "${link.toStrategyId}"; is that strategy loaded?)` : ''
      problems.push(problem(link.path, `unknown link "${target}"${hint}`))
    } else if (!link.expects.includes(kind)) {
      problems.push(problem(link.path, `link "${target}" is a ${kind}, but must be a ${link.expects.join(' or ')}`))
    }
  }
  return problems
}

/** Every source names a listed document, and, where the document is at hand, its quote is in it. */
function checkSources(strategy: StrategyFile, ctx: ValidationContext, problem: MakeProblem): StrategyProblem[] {
  const listed = new Set(strategy.sources.map((s) => s.file))
  const normalisedTexts = new Map<string, string | undefined>()
  const textOf = (file: string) => {
    if (!normalisedTexts.has(file)) {
      const raw = ctx.sourceText?.(file)
      normalisedTexts.set(file, raw === undefined ? undefined : normaliseForQuote(raw))
    }
    return normalisedTexts.get(file)
  }
  const problems: StrategyProblem[] = []
  for (const { path, source } of findSources(strategy, [])) {
    if (!listed.has(source.file)) {
      problems.push(problem([...path, 'file'], `source file "${source.file}" is not in the strategy's sources list`))
      continue
    }
    const text = textOf(source.file)
    if (text !== undefined && !text.includes(normaliseForQuote(source.quote))) {
      problems.push(problem([...path, 'quote'], `quote not found in ${source.file}: "${truncate(source.quote, 80)}"`))
    }
  }
  return problems
}

/** Quotes are compared ignoring line breaks, runs of spaces, bullets and curly-quote styles. */
export function normaliseForQuote(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2022\u00B7\uF0B7]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

function* findSources(
  value: unknown,
  path: (string | number)[],
): Generator<{ path: (string | number)[]; source: { file: string; quote: string } }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* findSources(value[i], [...path, i])
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'source' && child && typeof child === 'object' && 'quote' in child) {
        yield { path: [...path, key], source: child as { file: string; quote: string } }
      } else {
        yield* findSources(child, [...path, key])
      }
    }
  }
}

/** The line of the deepest node that exists along the path (a missing key points at its parent). */
function lineOfPath(doc: Document, path: readonly PropertyKey[], lineOf: (offset: number) => number): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true)
    if (isNode(node) && node.range) return lineOf(node.range[0])
  }
  return null
}

function truncate(text: string, max = 50): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
