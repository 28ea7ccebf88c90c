/** All SQL for strategies. Functions take a Kysely instance or a transaction. */
import type { Kysely } from 'kysely'
import type { Database, StrategyLinkRow, StrategyNodeRow } from '../../db/database.js'
import type { StrategyLink, StrategyNode } from './strategy.graph.js'

type Db = Kysely<Database>

export async function findActiveNodes(db: Db): Promise<StrategyNodeRow[]> {
  return db
    .selectFrom('strategy_nodes')
    .selectAll()
    .where('archived_at', 'is', null)
    .orderBy('strategy_id')
    .orderBy('position')
    .execute()
}

export async function findNodes(db: Db, strategyId: string): Promise<StrategyNodeRow[]> {
  return db.selectFrom('strategy_nodes').selectAll().where('strategy_id', '=', strategyId).execute()
}

export async function findLinks(db: Db): Promise<StrategyLinkRow[]> {
  return db.selectFrom('strategy_links').selectAll().orderBy('strategy_id').orderBy('position').execute()
}

export async function findStrategy(db: Db, id: string) {
  return db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function upsertStrategy(db: Db, row: { id: string; fileName: string; contentHash: string }) {
  await db
    .insertInto('strategies')
    .values({ id: row.id, file_name: row.fileName, content_hash: row.contentHash })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        file_name: row.fileName,
        content_hash: row.contentHash,
        loaded_at: new Date(),
        archived_at: null,
      }),
    )
    .execute()
}

export function nodeToRow(node: StrategyNode) {
  return {
    strategy_id: node.strategyId,
    id: node.id,
    kind: node.kind,
    parent_id: node.parentId,
    number: node.number,
    title: node.title,
    text: node.text,
    detail: JSON.stringify(node.detail),
    source_file: node.source.file,
    source_section: node.source.section ?? null,
    source_quote: node.source.quote,
    position: node.position,
  }
}

export async function insertNode(db: Db, node: StrategyNode) {
  await db.insertInto('strategy_nodes').values(nodeToRow(node)).execute()
}

export async function updateNode(db: Db, node: StrategyNode) {
  const { strategy_id, id, ...rest } = nodeToRow(node)
  await db
    .updateTable('strategy_nodes')
    .set({ ...rest, updated_at: new Date(), archived_at: null })
    .where('strategy_id', '=', strategy_id)
    .where('id', '=', id)
    .execute()
}

export async function setPosition(db: Db, node: StrategyNode) {
  await db
    .updateTable('strategy_nodes')
    .set({ position: node.position })
    .where('strategy_id', '=', node.strategyId)
    .where('id', '=', node.id)
    .execute()
}

export async function archiveNodes(db: Db, strategyId: string, ids: string[]) {
  if (ids.length === 0) return
  await db
    .updateTable('strategy_nodes')
    .set({ archived_at: new Date(), updated_at: new Date() })
    .where('strategy_id', '=', strategyId)
    .where('id', 'in', ids)
    .execute()
}

/** Links are derived from the file: the previous set is recorded in the audit event, then replaced. */
export async function replaceLinks(db: Db, strategyId: string, links: StrategyLink[]) {
  await db.deleteFrom('strategy_links').where('strategy_id', '=', strategyId).execute()
  if (links.length === 0) return
  await db
    .insertInto('strategy_links')
    .values(
      links.map((l, position) => ({
        strategy_id: strategyId,
        from_id: l.fromId,
        relation: l.relation,
        to_strategy_id: l.toStrategyId,
        to_id: l.toId,
        label: l.label,
        position,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}
