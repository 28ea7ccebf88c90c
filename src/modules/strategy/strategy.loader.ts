/**
 * Loads strategy files into the database: all-or-nothing. Every file in the batch is validated
 * first (links may point into other files of the batch or strategies already stored); only when
 * none has a problem is anything written, in one transaction. Reloading an edited file updates
 * items in place by id, archives items the file no longer has, and refuses to drop an item that
 * another strategy still links to.
 */
import { takeBulkWriteLock } from '../../db/bulk-write-lock.js'
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { parse } from 'yaml'
import type { Database, StrategyNodeRow } from '../../db/database.js'
import { withChanges, type ChangeScope } from '../../db/changes/with-change.js'
import { stableStringify } from '../../lib/stable-json.js'
import { buildGraph, type NodeKind, type StrategyGraph, type StrategyNode } from './strategy.graph.js'
import * as repo from './strategy.repository.js'
import { StrategyFile } from './strategy.schema.js'
import { validateStrategyText, type StrategyProblem } from './strategy.validate.js'

export interface StrategySource {
  /** The name to show in messages, e.g. data/strategies/best-chance-2022-25.yaml */
  name: string
  text: string
}

export interface LoadSummary {
  strategyId: string
  file: string
  status: 'loaded' | 'unchanged'
  added: number
  updated: number
  archived: number
  unchanged: number
  links: number
}

export type LoadResult = { ok: true; summaries: LoadSummary[] } | { ok: false; problems: StrategyProblem[] }

export interface LoadOptions {
  actor: string
  sourceText?: (file: string) => string | undefined
  /** Reload even when the file's content has not changed since it was last loaded. */
  force?: boolean
}

export async function loadStrategies(
  db: Kysely<Database>,
  files: StrategySource[],
  options: LoadOptions,
): Promise<LoadResult> {
  const stored = await repo.findActiveNodes(db)
  const kinds = new Map(stored.map((n) => [`${n.strategy_id}:${n.id}`, n.kind as NodeKind]))
  // Items of the batch replace what is stored for the same strategies.
  const batchIds = new Set(files.map((f) => quickGraph(f.text)?.strategyId).filter((id): id is string => !!id))
  for (const key of kinds.keys()) if (batchIds.has(key.slice(0, key.indexOf(':')))) kinds.delete(key)
  for (const f of files) for (const n of quickGraph(f.text)?.nodes ?? []) kinds.set(`${n.strategyId}:${n.id}`, n.kind)

  const problems: StrategyProblem[] = []
  const valid: { file: StrategySource; graph: StrategyGraph }[] = []
  for (const file of files) {
    const result = validateStrategyText(file.name, file.text, {
      kindOfExternal: (strategyId, id) => kinds.get(`${strategyId}:${id}`),
      sourceText: options.sourceText,
    })
    if (result.ok) valid.push({ file, graph: result.graph })
    else problems.push(...result.problems)
  }
  problems.push(...duplicateStrategyIds(valid), ...(await droppedButLinked(db, valid)))
  if (problems.length > 0) return { ok: false, problems }

  const summaries = await withChanges(db, options.actor, async (trx, change) => {
    await takeBulkWriteLock(trx)
    const out: LoadSummary[] = []
    const changed: StrategyGraph[] = []
    for (const { file, graph } of valid) {
      const contentHash = sha256(file.text)
      const existing = await repo.findStrategy(trx, graph.strategyId)
      if (existing && existing.content_hash === contentHash && !existing.archived_at && !options.force) {
        out.push({ ...emptySummary(graph, file.name), status: 'unchanged', unchanged: graph.nodes.length })
        continue
      }
      await repo.upsertStrategy(trx, { id: graph.strategyId, fileName: file.name, contentHash })
      out.push(await writeNodes(trx, change, graph, file.name, contentHash, existing?.content_hash ?? null))
      changed.push(graph)
    }
    // Links last, so links between strategies of the same batch find their targets.
    for (const graph of changed) await repo.replaceLinks(trx, graph.strategyId, graph.links)
    if (changed.length === 0) change.unchanged()
    return out
  })
  return { ok: true, summaries }
}

async function writeNodes(
  trx: Kysely<Database>,
  change: ChangeScope,
  graph: StrategyGraph,
  fileName: string,
  contentHash: string,
  previousHash: string | null,
): Promise<LoadSummary> {
  const before = new Map((await repo.findNodes(trx, graph.strategyId)).map((row) => [row.id, row]))
  const summary = emptySummary(graph, fileName)
  const changes: { id: string; before: unknown; after: unknown }[] = []
  for (const node of graph.nodes) {
    const row = before.get(node.id)
    if (!row) {
      await repo.insertNode(trx, node)
      summary.added++
    } else if (row.archived_at || differs(row, node)) {
      await repo.updateNode(trx, node)
      changes.push({ id: node.id, before: comparable(row), after: comparable(repo.nodeToRow(node)) })
      summary.updated++
    } else {
      if (row.position !== node.position) await repo.setPosition(trx, node)
      summary.unchanged++
    }
  }
  const inFile = new Set(graph.nodes.map((n) => n.id))
  const gone = [...before.values()].filter((row) => !inFile.has(row.id) && !row.archived_at).map((row) => row.id)
  await repo.archiveNodes(trx, graph.strategyId, gone)
  summary.archived = gone.length
  await change.record({
    action: previousHash ? 'strategy.reload' : 'strategy.load',
    entityType: 'strategy',
    entityId: graph.strategyId,
    before: previousHash ? { contentHash: previousHash } : null,
    after: {
      contentHash,
      file: fileName,
      added: graph.nodes.filter((n) => !before.has(n.id)).map((n) => n.id),
      updated: changes,
      archived: gone,
    },
  })
  return summary
}

/** A stored item that a reload would archive must not be the target of another strategy's link. */
async function droppedButLinked(
  db: Kysely<Database>,
  batch: { file: StrategySource; graph: StrategyGraph }[],
): Promise<StrategyProblem[]> {
  const batchIds = new Set(batch.map((b) => b.graph.strategyId))
  const incoming = [
    ...(await repo.findLinks(db))
      .filter((l) => !batchIds.has(l.strategy_id))
      .map((l) => ({ from: `${l.strategy_id}:${l.from_id}`, toStrategyId: l.to_strategy_id, toId: l.to_id })),
    ...batch.flatMap((b) =>
      b.graph.links.map((l) => ({
        from: `${b.graph.strategyId}:${l.fromId}`,
        toStrategyId: l.toStrategyId,
        toId: l.toId,
      })),
    ),
  ]
  const problems: StrategyProblem[] = []
  for (const { file, graph } of batch) {
    const ids = new Set(graph.nodes.map((n) => n.id))
    for (const link of incoming) {
      if (
        link.toStrategyId === graph.strategyId &&
        !ids.has(link.toId) &&
        !link.from.startsWith(`${graph.strategyId}:`)
      ) {
        problems.push({
          file: file.name,
          line: null,
          path: '',
          message: `item "${link.toId}" is missing from the file, but ${link.from} links to it`,
        })
      }
    }
  }
  return problems
}

function duplicateStrategyIds(batch: { file: StrategySource; graph: StrategyGraph }[]): StrategyProblem[] {
  const seen = new Map<string, string>()
  const problems: StrategyProblem[] = []
  for (const { file, graph } of batch) {
    const first = seen.get(graph.strategyId)
    if (first)
      problems.push({
        file: file.name,
        line: null,
        path: 'id',
        message: `strategy id "${graph.strategyId}" is also used by ${first}`,
      })
    else seen.set(graph.strategyId, file.name)
  }
  return problems
}

/** Parses just far enough to learn a file's items; full validation reports any problem. */
function quickGraph(text: string): StrategyGraph | null {
  try {
    const parsed = StrategyFile.safeParse(parse(text))
    return parsed.success ? buildGraph(parsed.data) : null
  } catch {
    return null
  }
}

/** The content of an item: what counts as a change (its position in the file does not). */
function comparable(row: ReturnType<typeof repo.nodeToRow> | StrategyNodeRow) {
  const detail = typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail
  return {
    kind: row.kind,
    parent_id: row.parent_id,
    number: row.number,
    title: row.title,
    text: row.text,
    detail,
    source_file: row.source_file,
    source_section: row.source_section,
    source_quote: row.source_quote,
  }
}

function differs(row: StrategyNodeRow, node: StrategyNode): boolean {
  return stableStringify(comparable(row)) !== stableStringify(comparable(repo.nodeToRow(node)))
}

function emptySummary(graph: StrategyGraph, file: string): LoadSummary {
  return {
    strategyId: graph.strategyId,
    file,
    status: 'loaded',
    added: 0,
    updated: 0,
    archived: 0,
    unchanged: 0,
    links: graph.links.length,
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
