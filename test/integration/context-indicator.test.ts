/**
 * Issue 13, item 7: an analyst adds a context indicator from the web, with its source id; the
 * addition is audited; it survives the next start's loading of the metadata files; a Fingertips
 * file of it then imports; a form with errors is answered with them and stores nothing.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { importData } from '../../src/modules/indicators/import/import.service.js'
import { loadIndicatorMetadata } from '../../src/modules/indicators/reference-data.js'
import { signInAs, type TestUser } from '../helpers/accounts.js'
import { createTestApp } from '../helpers/test-app.js'
import { engines } from '../helpers/test-db.js'

describe.each(engines)('adding a context indicator from the web on %s', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let analyst: TestUser
  const post = (user: TestUser, payload: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/coverage/new-indicator',
      headers: { cookie: user.cookie },
      payload: { _csrf: user.csrf, ...payload },
    })
  const indicator = (id: string) =>
    t.database.db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst()

  beforeAll(async () => {
    t = await createTestApp(engine)
    analyst = await signInAs(t.app, t.database.db, 'analyst')
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers a form with errors with them, and stores nothing', async () => {
    const before = await t.database.db
      .selectFrom('indicators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const res = await post(analyst, { name: '', fingertipsId: '12a', dataSource: '' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Enter the indicator’s name')
    expect(res.body).toContain('The Fingertips indicator id must be a whole number')
    expect(res.body).toContain('Say where the figures come from')
    const taken = await post(analyst, {
      name: 'Year 6 obesity again',
      fingertipsId: '90323',
      dataSource: 'OHID Fingertips',
    })
    expect(taken.statusCode).toBe(400)
    expect(taken.body).toContain('Fingertips indicator 90323 is already the indicator year-6-obesity')
    const after = await t.database.db
      .selectFrom('indicators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('stores the indicator, audits it, keeps it at the next start, and its Fingertips file imports', async () => {
    const form = await t.app.inject({ url: '/coverage/new-indicator', headers: { cookie: analyst.cookie } })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Add a context indicator')
    const res = await post(analyst, {
      name: 'Campylobacter incidence rate',
      fingertipsId: '93356',
      dataSource: 'OHID Fingertips, Health Protection profile',
      unit: 'per 100,000',
      polarity: 'lower_is_better',
      notes: '',
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/coverage')

    const row = await indicator('campylobacter-incidence-rate')
    expect(row).toMatchObject({
      name: 'Campylobacter incidence rate',
      in_framework: false,
      source_file: 'web',
      archived_at: null,
    })
    expect(Number(row!.fingertips_id)).toBe(93356)
    const meta = (typeof row!.metadata === 'string' ? JSON.parse(row!.metadata) : row!.metadata) as Record<
      string,
      unknown
    >
    expect(meta).toMatchObject({
      unit: 'per 100,000',
      polarity: 'lower_is_better',
      value_type: 'tbc',
      data_source: 'OHID Fingertips, Health Protection profile',
    })

    const event = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'indicator.create')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      entity_type: 'indicator',
      entity_id: 'campylobacter-incidence-rate',
      actor: `user:${analyst.id} ${analyst.email}`,
    })

    // The coverage page lists it; the next start loads the files again and keeps it.
    expect((await t.app.inject({ url: '/coverage' })).body).toContain('data-indicator="campylobacter-incidence-rate"')
    await loadIndicatorMetadata(
      t.database.db,
      ['best-chance.yaml', 'jlhws.yaml'].map((f) => path.join(projectRoot, 'data/indicators', f)),
    )
    expect((await indicator('campylobacter-incidence-rate'))?.archived_at).toBeNull()

    const csv =
      'Indicator ID,Indicator Name,Area Code,Sex,Age,Time period,Value,Count,Denominator\n' +
      '93356,Campylobacter incidence rate,E92000001,Persons,All ages,2017,96.5,53600,55619430\n'
    const report = await importData(t.database.db, [csv], {
      sourceName: 'campylobacter.csv',
      actor: 'cli:analyst',
      defaults: { source: 'OHID Fingertips (synthetic test row)' },
    })
    expect(report.errors).toEqual([])
    expect(report.added).toBe(1)
  })
})
