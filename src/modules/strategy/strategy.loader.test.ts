import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../db/client.js'
import { readDataVersion } from '../../db/data-version.js'
import { createTestDatabase, engines } from '../../../test/helpers/test-db.js'
import { loadStrategies, type StrategySource } from './strategy.loader.js'
import { formatProblem } from './strategy.validate.js'

const fixture = (name: string) => new URL(`../../../test/fixtures/${name}`, import.meta.url)
const sourceText = (file: string) => readFileSync(fixture(`sources/${file}`), 'utf8')
const mini: StrategySource = { name: 'mini.yaml', text: readFileSync(fixture('strategies/mini.yaml'), 'utf8') }
const second: StrategySource = { name: 'second.yaml', text: readFileSync(fixture('strategies/second.yaml'), 'utf8') }
const options = { actor: 'test', sourceText }

describe.each(engines)('loading strategies on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
  })
  afterAll(async () => {
    await handle?.close()
  })

  /** Everything a failed load must leave untouched. */
  async function snapshot() {
    const { db } = handle
    return {
      version: await readDataVersion(db),
      nodes: await db.selectFrom('strategy_nodes').selectAll().orderBy('strategy_id').orderBy('id').execute(),
      links: await db.selectFrom('strategy_links').selectAll().orderBy('strategy_id').orderBy('position').execute(),
      audit: await db.selectFrom('audit_events').select('id').execute(),
    }
  }

  it('loads two linked strategies in one batch, auditing each and bumping the data version', async () => {
    const result = await loadStrategies(handle.db, [second, mini], options)
    expect(result.ok ? result.summaries.map((s) => [s.strategyId, s.status, s.added]) : result).toEqual([
      ['second', 'loaded', 3],
      ['mini', 'loaded', 13],
    ])
    const links = await handle.db.selectFrom('strategy_links').selectAll().where('strategy_id', '=', 'second').execute()
    expect(links.map((l) => `${l.from_id} ${l.relation} ${l.to_strategy_id}:${l.to_id}`)).toEqual([
      'best-start-in-life has_outcome mini:outcome-a',
      'best-start-in-life has_outcome mini:outcome-b',
    ])
    const audit = await handle.db.selectFrom('audit_events').selectAll().orderBy('id').execute()
    expect(audit.map((a) => [a.action, a.entity_id, a.actor])).toEqual([
      ['strategy.load', 'second', 'test'],
      ['strategy.load', 'mini', 'test'],
    ])
    expect(await readDataVersion(handle.db)).toBe('1')
  })

  it('changes nothing when the same files are loaded again', async () => {
    const before = await snapshot()
    const result = await loadStrategies(handle.db, [mini, second], options)
    expect(result.ok && result.summaries.map((s) => s.status)).toEqual(['unchanged', 'unchanged'])
    expect(await snapshot()).toEqual(before)
  })

  it.each([
    [
      'a missing field',
      (t: string) => t.replace('    short_title: Healthy\n', ''),
      /mini\.yaml:\d+: outcomes\[0\]\.short_title: Invalid input/,
    ],
    [
      'an unknown link',
      (t: string) =>
        t.replace('priorities: [child-poverty]\n    childrens', 'priorities: [no-such-priority]\n    childrens'),
      /mini\.yaml:\d+: indicators\[0\]\.priorities\[0\]: unknown link "no-such-priority"/,
    ],
    [
      'a link to the wrong kind',
      (t: string) => t.replace('success_measures: [outcome-a-sm-1]', 'success_measures: [outcome-a-1]'),
      /indicators\[0\]\.success_measures\[0\]: link "outcome-a-1" is a intention, but must be a success_measure/,
    ],
    [
      'a duplicate id',
      (t: string) => t.replace('id: outcome-b-1', 'id: outcome-a-1'),
      /mini\.yaml:\d+: outcomes\[0\]\.intentions\[0\]\.id: duplicate id "outcome-a-1"/,
    ],
    [
      'a quote not in its source',
      (t: string) => t.replace('quote: run family hubs in every locality', 'quote: run family hubs everywhere'),
      /outcomes\[0\]\.intentions\[0\]\.source\.quote: quote not found in mini-source\.txt/,
    ],
    [
      'broken YAML',
      (t: string) => t.replace('title: The Mini Strategy\n', 'title: [The Mini Strategy\n'),
      /mini\.yaml:\d+: \(top level\): /,
    ],
  ])('refuses a file with %s, naming file, path and problem, and changes nothing', async (_case, edit, expected) => {
    const before = await snapshot()
    const result = await loadStrategies(handle.db, [{ name: 'mini.yaml', text: edit(mini.text) }], {
      ...options,
      force: true,
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map(formatProblem).join('\n')).toMatch(expected)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses to drop an item that another strategy links to', async () => {
    const before = await snapshot()
    const withoutB = mini.text.replace(/ {2}- id: outcome-b\n[\s\S]*?(?=childrens_outcomes:)/, '')
    const result = await loadStrategies(handle.db, [{ name: 'mini.yaml', text: withoutB }], options)
    expect(result.ok ? 'loaded' : result.problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/item "outcome-b" is missing from the file, but second:best-start-in-life links to it/),
      ]),
    )
    expect(await snapshot()).toEqual(before)
  })

  it('updates an edited file in place: changed items keep their links, removed items are archived, not deleted', async () => {
    const edited = mini.text
      .replace('title: Good level of development', 'title: Good level of development at age five')
      .replace(/ {2}- id: listen-first\n[\s\S]*?(?=priorities:)/, '')
      .replace('pledges:\n', 'pledges: []\n')
    const result = await loadStrategies(handle.db, [{ name: 'mini.yaml', text: edited }], options)
    expect(result.ok && result.summaries[0]).toMatchObject({ status: 'loaded', added: 0, updated: 1, archived: 1 })

    const nodes = await handle.db.selectFrom('strategy_nodes').selectAll().where('strategy_id', '=', 'mini').execute()
    expect(nodes.find((n) => n.id === 'gld')?.title).toBe('Good level of development at age five')
    expect(nodes.find((n) => n.id === 'listen-first')?.archived_at).toBeInstanceOf(Date)
    const gldLinks = await handle.db.selectFrom('strategy_links').select('to_id').where('from_id', '=', 'gld').execute()
    expect(gldLinks.map((l) => l.to_id).sort()).toEqual([
      'child-poverty',
      'my-learning',
      'outcome-a',
      'outcome-a-1',
      'outcome-a-sm-1',
    ])
    const reload = await handle.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'strategy.reload')
      .executeTakeFirstOrThrow()
    expect(reload.after).toMatchObject({
      archived: ['listen-first'],
      updated: [
        {
          id: 'gld',
          before: { title: 'Good level of development' },
          after: { title: 'Good level of development at age five' },
        },
      ],
    })
  })
})
