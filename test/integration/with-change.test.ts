/**
 * The one way to record a change: the audit event with its structured actor, the before and after
 * snapshots and the data version bump land together or not at all, and an unchanged change leaves
 * no trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase, engines } from '../helpers/test-db.js'
import { withChange, withChanges } from '../../src/db/changes/with-change.js'
import { cliActor, webActor } from '../../src/db/changes/actor.js'
import { readDataVersion } from '../../src/db/data-version.js'

describe.each(engines)('withChange on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    t = await createTestDatabase(engine)
    await sql`create table widgets (id bigserial primary key, name text not null)`.execute(t.db)
  })
  afterAll(async () => t?.close())

  const snapshot = async (tx: typeof t.db, id: string) =>
    (await sql<{ name: string }>`select name from widgets where id = ${id}`.execute(tx)).rows[0] ?? null
  const events = () =>
    t.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'widget').orderBy('id').execute()

  it('records a new record with its actor as data, and bumps the data version', async () => {
    const version = Number(await readDataVersion(t.db))
    const person = webActor({ id: '7', email: 'analyst@example.org', displayName: 'An Analyst', organisationId: '3' })
    const id = await withChange(
      t.db,
      person,
      { entityType: 'widget', action: 'create', idOf: (id: string) => id, snapshot },
      async (tx) => {
        const rows = await sql<{ id: string }>`insert into widgets (name) values ('first') returning id`.execute(tx)
        return String(rows.rows[0]!.id)
      },
    )
    const [event] = await events()
    expect(event).toMatchObject({
      actor: 'user:7 analyst@example.org',
      actor_channel: 'web',
      actor_user_id: '7',
      actor_organisation_id: '3',
      actor_name: 'An Analyst',
      action: 'create',
      entity_id: id,
      before: null,
      after: { name: 'first' },
    })
    expect(Number(await readDataVersion(t.db))).toBe(version + 1)
  })

  it('snapshots an existing record before and after', async () => {
    const [first] = await events()
    await withChange(
      t.db,
      'cli:tester',
      { entityType: 'widget', action: 'rename', entityId: first!.entity_id, snapshot },
      async (tx) => {
        await sql`update widgets set name = 'renamed' where id = ${first!.entity_id}`.execute(tx)
      },
    )
    const last = (await events()).at(-1)!
    expect(last).toMatchObject({
      actor: 'cli:tester',
      actor_channel: 'cli',
      actor_name: 'tester',
      actor_user_id: null,
      before: { name: 'first' },
      after: { name: 'renamed' },
    })
  })

  it('leaves no event and no new version when the change changed nothing', async () => {
    const [count, version] = [(await events()).length, await readDataVersion(t.db)]
    await withChange(
      t.db,
      cliActor('tester'),
      { entityType: 'widget', action: 'rename', entityId: '1', snapshot },
      async (_tx, change) => change.unchanged(),
    )
    expect((await events()).length).toBe(count)
    expect(await readDataVersion(t.db)).toBe(version)
  })

  it('records a change to a record no cached page shows without a new data version, when told', async () => {
    const [count, version] = [(await events()).length, await readDataVersion(t.db)]
    await withChange(
      t.db,
      cliActor('tester'),
      { entityType: 'widget', action: 'create', idOf: (id: string) => id, snapshot, bumpsDataVersion: false },
      async (tx) => {
        const rows = await sql<{ id: string }>`insert into widgets (name) values ('private') returning id`.execute(tx)
        return String(rows.rows[0]!.id)
      },
    )
    expect((await events()).length).toBe(count + 1)
    expect((await events()).at(-1)).toMatchObject({ action: 'create', after: { name: 'private' } })
    expect(await readDataVersion(t.db)).toBe(version)
  })

  it('keeps nothing of a change that fails: no row, no event, no version', async () => {
    const [count, version] = [(await events()).length, await readDataVersion(t.db)]
    await expect(
      withChanges(t.db, 'import:broken.csv', async (tx, change) => {
        await sql`insert into widgets (name) values ('doomed')`.execute(tx)
        await change.record({ action: 'create', entityType: 'widget', entityId: '99', after: { name: 'doomed' } })
        throw new Error('row 3 is bad')
      }),
    ).rejects.toThrow('row 3 is bad')
    expect((await events()).length).toBe(count)
    expect(await readDataVersion(t.db)).toBe(version)
    expect(
      (await sql<{ n: string }>`select count(*) as n from widgets where name = 'doomed'`.execute(t.db)).rows[0]!.n,
    ).toBe('0')
  })

  it('joins a transaction the caller already holds', async () => {
    const count = (await events()).length
    await t.db.transaction().execute(async (tx) => {
      await withChange(
        tx,
        'import:batch.csv',
        { entityType: 'widget', action: 'create', idOf: () => '1', detail: () => ({ after: { from: 'batch' } }) },
        async () => undefined,
      )
    })
    const last = (await events()).at(-1)!
    expect((await events()).length).toBe(count + 1)
    expect(last).toMatchObject({ actor_channel: 'import', actor_name: 'batch.csv', after: { from: 'batch' } })
  })
})
