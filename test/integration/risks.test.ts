/**
 * The risk and issue log end to end, on both engines: forms, record-level permissions, escalation
 * along the strategy's board network, the heat map and its table, the audit trail and the import.
 * Every risk here is synthetic test data.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines } from '../helpers/test-db.js'
import { createTestApp } from '../helpers/test-app.js'
import { ORG_A, ORG_B, signInAs, type TestUser } from '../helpers/accounts.js'
import { risksEscalatedTo, risksForOrganisation } from '../../src/modules/risks/risks.service.js'
import { importRisks, recordsOf } from '../../src/modules/risks/risks.import.js'
import { runLocally } from '../../src/app/cli/local-runner.js'
import { strategyService } from '../../src/modules/strategy/strategy.service.js'
import { projectRoot } from '../../src/config.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'best-chance-risks-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A urlencoded body, as a browser posts a form (repeated names for checkboxes). */
function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one)
  return body.toString()
}

const riskFields = (over: Record<string, string | string[]> = {}) => ({
  kind: 'risk',
  title: 'Synthetic: health visitor vacancies delay the 2-year check',
  cause: 'Vacancies in the health visiting service',
  effect: 'Fewer children have their 2-year check on time',
  ownerRole: 'Director of Children’s Services',
  inherentLikelihood: '4',
  inherentImpact: '4',
  residualLikelihood: '3',
  residualImpact: '4',
  'reviewDate-day': '27',
  'reviewDate-month': '3',
  'reviewDate-year': '2030',
  status: 'open',
  currentBoardId: 'partnership-subgroups',
  outcomeIds: 'best-start',
  indicatorIds: 'two-year-check',
  ...over,
})

describe.each(engines)('risk and issue log (%s)', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let ownerA: TestUser
  let ownerB: TestUser
  let boardMember: TestUser
  let admin: TestUser

  const post = (user: TestUser | null, url: string, fields: Record<string, string | string[]>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(user ? { cookie: user.cookie } : {}) },
      payload: form(user ? { ...fields, _csrf: user.csrf } : fields),
    })
  const get = (user: TestUser | null, url: string) =>
    t.app.inject({ url, headers: user ? { cookie: user.cookie } : {} })
  const risk = (id: string) =>
    t.database.db.selectFrom('risks').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  /** Logs a risk through the form and returns its id. */
  async function logRisk(user: TestUser, over: Record<string, string | string[]> = {}) {
    const res = await post(user, '/risks/new', riskFields(over))
    expect(res.statusCode, res.body).toBe(303)
    const id = /^\/risks\/(\d+)$/.exec(String(res.headers.location))?.[1]
    expect(id).toBeDefined()
    return id!
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    ownerA = await signInAs(t.app, t.database.db, 'owner', ORG_A)
    ownerB = await signInAs(t.app, t.database.db, 'owner', ORG_B)
    boardMember = await signInAs(t.app, t.database.db, 'board_member')
    admin = await signInAs(t.app, t.database.db, 'administrator')
  })
  afterAll(async () => t?.close())

  it('sends the public to sign in from every risk page, and refuses their posts', async () => {
    const id = await logRisk(ownerA)
    for (const url of [
      '/risks',
      '/risks/heat-map',
      '/risks/heat-map?scores=inherent',
      `/risks/${id}`,
      '/risks/new',
      `/risks/${id}/edit`,
      `/risks/${id}/escalate`,
    ]) {
      const res = await get(null, url)
      expect(res.statusCode, url).toBe(302)
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`)
    }
    for (const url of [
      '/risks/new',
      `/risks/${id}/edit`,
      `/risks/${id}/escalate`,
      `/risks/${id}/mitigations`,
      `/risks/${id}/archive`,
    ]) {
      expect((await post(null, url, { title: 'x' })).statusCode, url).toBe(401)
    }
    expect((await risk(id)).archived_at).toBeNull()
  })

  it('logs a risk and an issue, kept apart, with references by kind', async () => {
    const riskId = await logRisk(ownerA, { title: 'Synthetic: apart test risk' })
    // Likelihoods ticked before choosing "issue" (radios cannot be unticked without script) are not kept.
    const issueId = await logRisk(ownerA, { kind: 'issue', title: 'Synthetic: apart test issue', residualImpact: '3' })
    const [r, i] = [await risk(riskId), await risk(issueId)]
    expect(r).toMatchObject({
      kind: 'risk',
      organisation_id: ORG_A,
      residual_likelihood: 3,
      residual_impact: 4,
      current_board_id: 'partnership-subgroups',
    })
    expect(r.reference).toMatch(/^RSK-\d{4}$/)
    expect(i).toMatchObject({ kind: 'issue', inherent_likelihood: null, residual_likelihood: null, residual_impact: 3 })
    expect(i.reference).toMatch(/^ISS-\d{4}$/)

    const page = await get(boardMember, '/risks')
    expect(page.statusCode).toBe(200)
    const risksPanel = page.body.slice(page.body.indexOf('id="risks"'), page.body.indexOf('id="issues"'))
    const issuesPanel = page.body.slice(page.body.indexOf('id="issues"'))
    expect(risksPanel).toContain(`${r.reference}: Synthetic: apart test risk`)
    expect(risksPanel).not.toContain(i.reference)
    expect(issuesPanel).toContain(`${i.reference}: Synthetic: apart test issue`)
    expect(issuesPanel).toContain('3 – Moderate')
    expect(issuesPanel).not.toContain(r.reference)

    const mine = await risksForOrganisation(t.database.db, ORG_A)
    expect(mine.find((s) => s.id === riskId)).toMatchObject({
      reference: r.reference,
      kind: 'risk',
      residualScore: 12,
      status: 'open',
      href: `/risks/${riskId}`,
    })
    expect(mine.find((s) => s.id === issueId)).toMatchObject({ kind: 'issue', residualScore: null })
    expect(await risksForOrganisation(t.database.db, ORG_B)).toEqual([])
  })

  it('shows a risk’s scores with their rating words and its links, to any signed-in partner', async () => {
    const id = await logRisk(ownerA)
    const page = await get(boardMember, `/risks/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/16 – <strong class="govuk-tag govuk-tag--red">Very high<\/strong>/)
    expect(page.body).toMatch(/12 – <strong class="govuk-tag govuk-tag--orange">High<\/strong>/)
    expect(page.body).toContain('likelihood 3 – Possible × impact 4 – Major')
    expect(page.body).toContain('href="/outcomes/best-start"')
    expect(page.body).toContain('href="/indicators/two-year-check"')
    expect(page.body).toContain('Subgroups (to be determined)')
    expect(page.body).not.toContain('Update this risk') // a board member reads, and does not change
    expect((await get(ownerA, `/risks/${id}`)).body).toContain('Update this risk')
  })

  it('says who logged a record by the name the audit trail keeps with its actor', async () => {
    const id = await logRisk(ownerA, { title: 'Synthetic: who logged it' })
    const event = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'risk')
      .where('entity_id', '=', id)
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      actor: `user:${ownerA.id} ${ownerA.email}`,
      actor_channel: 'web',
      actor_user_id: ownerA.id,
      actor_organisation_id: ORG_A,
      actor_name: 'Test owner',
    })
    const page = await get(boardMember, `/risks/${id}`)
    expect(page.body).toMatch(/Logged by Test owner on \d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2}(am|pm)\./)
    expect(page.body).not.toContain(`user:${ownerA.id}`)
  })

  it('lets only the owning organisation’s owners change a record', async () => {
    const id = await logRisk(ownerA)
    for (const url of [`/risks/${id}/edit`, `/risks/${id}/escalate`])
      expect((await get(ownerB, url)).statusCode, url).toBe(403)
    const attempts: [string, Record<string, string>][] = [
      [`/risks/${id}/edit`, riskFields({ title: 'Changed by B' }) as Record<string, string>],
      [`/risks/${id}/escalate`, { target: 'board:best-chance-partnership', reason: 'B tries' }],
      [`/risks/${id}/mitigations`, { action: 'B’s action', ownerRole: 'Someone at B', status: 'planned' }],
      [`/risks/${id}/archive`, {}],
    ]
    for (const [url, fields] of attempts) expect((await post(ownerB, url, fields)).statusCode, url).toBe(403)
    // Board members and analysts read but change nothing, even their own organisation's.
    expect((await post(boardMember, `/risks/${id}/archive`, {})).statusCode).toBe(403)
    expect((await get(boardMember, '/risks/new')).statusCode).toBe(403)

    const after = await risk(id)
    expect(after).toMatchObject({
      title: riskFields().title,
      current_board_id: 'partnership-subgroups',
      archived_at: null,
    })
    const written = await t.database.db.selectFrom('risk_escalations').select('id').where('risk_id', '=', id).execute()
    const mitigations = await t.database.db
      .selectFrom('risk_mitigations')
      .select('id')
      .where('risk_id', '=', id)
      .execute()
    expect([written.length, mitigations.length]).toEqual([0, 0])
    // An administrator may change any organisation's record.
    expect(
      (
        await post(admin, `/risks/${id}/mitigations`, {
          action: 'Synthetic: recruit',
          ownerRole: 'Head of Health Visiting',
          status: 'planned',
        })
      ).statusCode,
    ).toBe(303)
  })

  it('refuses a bad form with 400, a linked error summary and the values kept', async () => {
    const res = await post(
      ownerA,
      '/risks/new',
      riskFields({
        title: '',
        inherentLikelihood: '',
        'reviewDate-day': '31',
        'reviewDate-month': '2',
        cause: 'Kept cause text',
        residualLikelihood: '4',
        residualImpact: '5',
      }),
    )
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('<title>Error: Log a risk or issue')
    for (const href of ['#title', '#inherentLikelihood', '#reviewDate-day'])
      expect(res.body).toContain(`href="${href}"`)
    expect(res.body).toContain('Enter a title')
    expect(res.body).toContain('Review date must be a real date')
    expect(res.body).toContain('Kept cause text')
    expect(res.body).toMatch(/name="reviewDate-day" type="text" value="31"/)
    expect(res.body).toMatch(/value="4" checked/) // residual likelihood kept
    // The summary lists problems in the page's order.
    expect(res.body.indexOf('href="#title"')).toBeLessThan(res.body.indexOf('href="#inherentLikelihood"'))
    expect(res.body.indexOf('href="#inherentLikelihood"')).toBeLessThan(res.body.indexOf('href="#reviewDate-day"'))

    const unknown = await post(
      ownerA,
      '/risks/new',
      riskFields({ currentBoardId: 'no-such-board', title: 'Synthetic: never stored' }),
    )
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('href="#currentBoardId"')
    expect(
      await t.database.db.selectFrom('risks').select('id').where('title', '=', 'Synthetic: never stored').execute(),
    ).toEqual([])
  })

  /**
   * The overview's count of risks and issues escalated to the partnership's board: a number for the
   * public, and for a partner (signed in) a link to the log at that board.
   */
  async function escalatedInHeadline(user?: TestUser) {
    const home = (await t.app.inject({ url: '/', headers: user ? { cookie: user.cookie } : {} })).body
    const headline = /data-qa="headline">([\s\S]*?)<\/p>/.exec(home)![1]!
    const m =
      /(?:href="([^"]+)" )?data-qa="headline-escalated"><span data-qa="count">(\d+)<\/span><\/(?:a|span)>\s+risks? (?:and|or) issues? (?:is|are) escalated to the ([^.;]+)\./.exec(
        headline,
      )
    expect(m, headline).not.toBeNull()
    return { href: m![1] ?? null, count: Number(m![2]), board: m![3]! }
  }

  it('escalates along the board network, step by step, recording who, when and why', async () => {
    const before = await escalatedInHeadline()
    expect(before.href).toBeNull() // the log is for partners: the public see the number only
    expect((await escalatedInHeadline(ownerA)).href).toBe('/risks?board=best-chance-partnership')
    const id = await logRisk(ownerA, { title: 'Synthetic: escalated risk' })
    const form1 = await get(ownerA, `/risks/${id}/escalate`)
    expect(form1.body).toContain('value="board:best-chance-partnership"')
    expect(form1.body).not.toContain('value="board:borough-partnership"')

    const skip = await post(ownerA, `/risks/${id}/escalate`, {
      target: 'board:borough-partnership',
      reason: 'Skipping a step',
    })
    expect(skip.statusCode).toBe(400)
    expect(skip.body).toContain('is not a next step from Subgroups (to be determined)')
    const noReason = await post(ownerA, `/risks/${id}/escalate`, {
      target: 'board:best-chance-partnership',
      reason: ' ',
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('href="#reason"')
    expect(await t.database.db.selectFrom('risk_escalations').select('id').where('risk_id', '=', id).execute()).toEqual(
      [],
    )

    const step1 = await post(ownerA, `/risks/${id}/escalate`, {
      target: 'board:best-chance-partnership',
      reason: 'Synthetic: beyond the subgroup’s control',
    })
    expect(step1.statusCode).toBe(303)
    expect((await risk(id)).current_board_id).toBe('best-chance-partnership')
    // The public overview counts it (a number only: the log is for partners), until it moves on.
    expect((await escalatedInHeadline()).count).toBe(before.count + 1)
    const form2 = await get(ownerA, `/risks/${id}/escalate`)
    for (const next of ['borough-partnership', 'health-and-wellbeing-board', 'integrated-care-board'])
      expect(form2.body).toContain(`value="board:${next}"`)
    expect(form2.body).not.toContain('value="board:safeguarding-board"') // works closely with: not an escalation route
    expect(
      (await post(ownerA, `/risks/${id}/escalate`, { target: 'board:partnership-subgroups', reason: 'Back down' }))
        .statusCode,
    ).toBe(400)

    expect(
      (
        await post(ownerA, `/risks/${id}/escalate`, {
          target: 'board:borough-partnership',
          reason: 'Synthetic: needs the borough’s partners',
        })
      ).statusCode,
    ).toBe(303)
    expect((await escalatedInHeadline()).count).toBe(before.count) // moved on up: no longer at the partnership's board
    const noRep = await post(ownerA, `/risks/${id}/escalate`, {
      target: 'organisation',
      organisationId: 'nel-icb',
      reason: 'Synthetic: commissioning',
    })
    expect(noRep.statusCode).toBe(400)
    expect(noRep.body).toContain('href="#representativeRole"')
    const out = await post(ownerA, `/risks/${id}/escalate`, {
      target: 'organisation',
      organisationId: 'nel-icb',
      representativeRole: 'Director of Place',
      reason: 'Synthetic: commissioning decision needed',
    })
    expect(out.statusCode).toBe(303)
    expect((await risk(id)).current_board_id).toBe('borough-partnership') // out to an organisation: it stays where it sits

    const stored = await t.database.db
      .selectFrom('risk_escalations')
      .selectAll()
      .where('risk_id', '=', id)
      .orderBy('id')
      .execute()
    expect(stored.map((e) => [e.from_board_id, e.to_board_id ?? `org:${e.to_organisation_id}`])).toEqual([
      ['partnership-subgroups', 'best-chance-partnership'],
      ['best-chance-partnership', 'borough-partnership'],
      ['borough-partnership', 'org:nel-icb'],
    ])
    expect(stored.every((e) => e.escalated_by === ownerA.id)).toBe(true)

    const page = await get(boardMember, `/risks/${id}`)
    const history = page.body.slice(page.body.indexOf('id="escalations"'))
    expect(history).toContain('Synthetic: beyond the subgroup’s control')
    expect(history).toContain(
      'NHS North East London Integrated Care Board, through its representative (Director of Place)',
    )
    expect(history).toContain('Test owner')
    expect(history).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/)

    const atPartnership = await risksEscalatedTo(t.database.db, 'best-chance-partnership')
    const entry = atPartnership.find((r) => r.id === id)!
    expect(entry).toMatchObject({
      title: 'Synthetic: escalated risk',
      residualScore: 12,
      organisationName: 'Barking and Dagenham Council',
      href: `/risks/${id}`,
    })
    expect(entry.escalations.map((e) => [e.from, e.to, e.by, e.reason])).toEqual([
      [
        'Subgroups (to be determined)',
        'Best Chance 0-25 Partnership',
        'Test owner',
        'Synthetic: beyond the subgroup’s control',
      ],
      [
        'Best Chance 0-25 Partnership',
        'Borough Partnership (Executive Committee)',
        'Test owner',
        'Synthetic: needs the borough’s partners',
      ],
      [
        'Borough Partnership (Executive Committee)',
        'NHS North East London Integrated Care Board, through its representative (Director of Place)',
        'Test owner',
        'Synthetic: commissioning decision needed',
      ],
    ])
    const times = entry.escalations.map((e) => Date.parse(e.at))
    expect(times.every((at, i) => !Number.isNaN(at) && (i === 0 || at >= times[i - 1]!))).toBe(true)
    expect((await risksEscalatedTo(t.database.db, 'borough-partnership')).some((r) => r.id === id)).toBe(true)
    expect((await risksEscalatedTo(t.database.db, 'health-and-wellbeing-board')).some((r) => r.id === id)).toBe(false)
    // A risk logged straight at a board is that board's too, with no history yet.
    const atBoard = await logRisk(ownerA, { currentBoardId: 'health-and-wellbeing-board' })
    expect(
      (await risksEscalatedTo(t.database.db, 'health-and-wellbeing-board')).find((r) => r.id === atBoard)?.escalations,
    ).toEqual([])

    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'risk')
      .where('entity_id', '=', id)
      .where('action', '=', 'escalate')
      .orderBy('id')
      .execute()
    expect(audit).toHaveLength(3)
    expect(audit[0]!.actor).toBe(`user:${ownerA.id} ${ownerA.email}`)
    expect((audit[0]!.before as { current_board_id: string }).current_board_id).toBe('partnership-subgroups')
    expect((audit[0]!.after as { current_board_id: string }).current_board_id).toBe('best-chance-partnership')
  })

  it('updates scores, status and review date, audited with before and after', async () => {
    const id = await logRisk(ownerA)
    const edit = await get(ownerA, `/risks/${id}/edit`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toMatch(/name="reviewDate-day" type="text" value="27"/)
    const res = await post(
      ownerA,
      `/risks/${id}/edit`,
      riskFields({
        residualLikelihood: '2',
        residualImpact: '2',
        status: 'monitoring',
        'reviewDate-day': '1',
        'reviewDate-month': '9',
        'reviewDate-year': '2031',
        outcomeIds: [],
        indicatorIds: 'gld-eyfs',
      }),
    )
    expect(res.statusCode).toBe(303)
    const page = await get(ownerA, `/risks/${id}`)
    expect(page.body).toMatch(/4 – <strong class="govuk-tag govuk-tag--green">Low<\/strong>/)
    expect(page.body).toContain('1 September 2031')
    expect(page.body).toContain('href="/indicators/gld-eyfs"')
    expect(page.body).not.toContain('href="/outcomes/best-start"')

    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'risk')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audit[0]!.before).toBeNull()
    const [before, after] = [audit[1]!.before, audit[1]!.after] as {
      residual_likelihood: number
      status: string
      review_date: string
      outcomes: string[]
      indicators: string[]
    }[]
    expect(before).toMatchObject({
      residual_likelihood: 3,
      status: 'open',
      review_date: '2030-03-27',
      outcomes: ['best-start'],
      indicators: ['two-year-check'],
    })
    expect(after).toMatchObject({
      residual_likelihood: 2,
      status: 'monitoring',
      review_date: '2031-09-01',
      outcomes: [],
      indicators: ['gld-eyfs'],
    })
    // The link taken off is archived, not deleted.
    const links = await t.database.db
      .selectFrom('risk_links')
      .selectAll()
      .where('risk_id', '=', id)
      .orderBy('target_id')
      .execute()
    expect(links.map((l) => [l.target_id, l.archived_at === null])).toEqual([
      ['best-start', false],
      ['gld-eyfs', true],
      ['two-year-check', false],
    ])
  })

  it('adds mitigations and changes their status; archives a risk out of the log', async () => {
    const id = await logRisk(ownerA, { title: 'Synthetic: to be archived' })
    const bad = await post(ownerA, `/risks/${id}/mitigations`, {
      action: '',
      ownerRole: 'Head of Early Help',
      status: 'planned',
      'dueDate-day': '40',
      'dueDate-month': '1',
      'dueDate-year': '2030',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#action"')
    expect(bad.body).toContain('href="#dueDate-day"')
    expect(bad.body).toContain('value="Head of Early Help"')
    const ok = await post(ownerA, `/risks/${id}/mitigations`, {
      action: 'Synthetic: recruit two health visitors',
      ownerRole: 'Head of Early Help',
      status: 'planned',
      'dueDate-day': '1',
      'dueDate-month': '6',
      'dueDate-year': '2030',
    })
    expect(ok.statusCode).toBe(303)
    const [mitigation] = await t.database.db
      .selectFrom('risk_mitigations')
      .selectAll()
      .where('risk_id', '=', id)
      .execute()
    expect(
      (await post(ownerA, `/risks/${id}/mitigations/${mitigation!.id}/status`, { status: 'done' })).statusCode,
    ).toBe(303)
    const page = await get(ownerA, `/risks/${id}`)
    expect(page.body).toContain('Synthetic: recruit two health visitors')
    expect(page.body).toContain('1 June 2030')

    expect((await post(ownerA, `/risks/${id}/archive`, {})).statusCode).toBe(303)
    expect((await get(ownerA, '/risks')).body).not.toContain('Synthetic: to be archived')
    const archived = await get(ownerA, `/risks/${id}`)
    expect(archived.statusCode).toBe(200)
    expect(archived.body).toContain('is archived')
    expect(archived.body).not.toContain('Update this risk')
    expect((await get(ownerA, `/risks/${id}/edit`)).statusCode).toBe(404)

    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'risk')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'mitigation.add', 'mitigation.status', 'archive'])
    expect(audit[2]).toMatchObject({ before: { status: 'planned' }, after: { status: 'done' } })
    expect((audit[3]!.before as { archived_at: string | null }).archived_at).toBeNull()
    expect((audit[3]!.after as { archived_at: string | null }).archived_at).toMatch(/^\d{4}-/)
  })

  it('counts risks on the heat map, with the same numbers as a table and a list', async () => {
    // Logged by an administrator for an organisation no other test uses, so the counts are this test's alone.
    const log = (over: Record<string, string | undefined>) =>
      post(admin, '/risks/new', riskFields({ organisationId: 'schools', ...(over as Record<string, string>) }))
    for (const over of [
      {
        inherentLikelihood: '5',
        inherentImpact: '5',
        residualLikelihood: '4',
        residualImpact: '3',
        title: 'Synthetic heat A',
      },
      {
        inherentLikelihood: '4',
        inherentImpact: '4',
        residualLikelihood: '4',
        residualImpact: '3',
        title: 'Synthetic heat B',
      },
      {
        inherentLikelihood: '2',
        inherentImpact: '5',
        residualLikelihood: '1',
        residualImpact: '5',
        title: 'Synthetic heat C',
      },
      {
        inherentLikelihood: '5',
        inherentImpact: '5',
        residualLikelihood: '5',
        residualImpact: '5',
        title: 'Synthetic heat closed',
        status: 'closed',
      },
    ]) {
      expect((await log(over)).statusCode).toBe(303)
    }
    expect(
      (
        await log({
          kind: 'issue',
          inherentLikelihood: '',
          inherentImpact: '',
          residualLikelihood: '',
          residualImpact: '5',
          title: 'Synthetic heat issue',
        })
      ).statusCode,
    ).toBe(303)

    const cell = (html: string, l: number, i: number) => {
      const m = new RegExp(`data-likelihood="${l}" data-impact="${i}">([\\s\\S]*?)</td>`).exec(html)
      return m![1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    }
    const residual = (await get(boardMember, '/risks/heat-map?organisation=schools')).body
    expect(cell(residual, 4, 3)).toBe('2 risks score 12 High')
    expect(cell(residual, 1, 5)).toBe('1 risk score 5 Medium')
    expect(cell(residual, 5, 5)).toBe('0 risks score 25 Very high') // the closed one is left out
    expect(residual).toContain('3 risks: 0 low, 1 medium, 2 high and 0 very high.')
    const list = residual.slice(residual.indexOf('id="list"'))
    for (const title of ['Synthetic heat A', 'Synthetic heat B', 'Synthetic heat C']) expect(list).toContain(title)
    expect(list).not.toContain('Synthetic heat closed')
    expect(list).not.toContain('Synthetic heat issue')

    const inherent = (await get(boardMember, '/risks/heat-map?organisation=schools&scores=inherent')).body
    expect(cell(inherent, 5, 5)).toBe('1 risk score 25 Very high')
    expect(cell(inherent, 4, 4)).toBe('1 risk score 16 Very high')
    expect(cell(inherent, 2, 5)).toBe('1 risk score 10 High')
    expect(cell(inherent, 4, 3)).toBe('0 risks score 12 High')
    expect(inherent).toContain('3 risks: 0 low, 0 medium, 1 high and 2 very high.')
    const closed = (await get(boardMember, '/risks/heat-map?organisation=schools&status=closed')).body
    expect(cell(closed, 5, 5)).toBe('1 risk score 25 Very high')

    const high = (await get(boardMember, '/risks?organisation=schools&rating=high')).body
    const risksPanel = high.slice(high.indexOf('id="risks"'), high.indexOf('id="issues"'))
    expect(risksPanel).toContain('Synthetic heat A')
    expect(risksPanel).toContain('Synthetic heat B')
    expect(risksPanel).not.toContain('Synthetic heat C')
  })

  describe('import', () => {
    const header =
      'reference,kind,title,cause,effect,organisation,owner_role,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,review_date,status,board,outcomes,indicators'
    const write = (name: string, lines: string[]) => {
      const file = path.join(scratch, `${engine}-${name}`)
      writeFileSync(file, `${lines.join('\n')}\n`)
      return file
    }
    const run = async (file: string, dryRun = false) =>
      importRisks(
        t.database.db,
        await strategyService(t.database.db, t.config.primaryStrategy).readModel(),
        recordsOf(file),
        { fileName: path.basename(file), dryRun },
      )
    const byTitle = (title: string) =>
      t.database.db.selectFrom('risks').selectAll().where('title', '=', title).execute()

    it('loads good rows, all audited as the import, and updates by reference', async () => {
      const file = write('risks-good.csv', [
        header,
        ',risk,Synthetic import: school place shortfall,Rising demand,Children placed far from home,vcs,Head of School Place Planning,4,4,3,3,2030-01-31,open,partnership-subgroups,best-start; successful,gld-eyfs',
        ',Issue,Synthetic import: IT outage,Case system down,Delayed referrals,Voluntary and community sector,Head of Digital,,,,4,31/12/2030,Open,,,',
      ])
      const dry = await run(file, true)
      expect(dry).toMatchObject({ rowsRead: 2, added: 2, errors: [], stored: false })
      expect(await byTitle('Synthetic import: school place shortfall')).toEqual([])

      const report = await run(file)
      expect(report).toMatchObject({ rowsRead: 2, added: 2, updated: 0, errors: [], stored: true })
      const [risk] = await byTitle('Synthetic import: school place shortfall')
      const [issue] = await byTitle('Synthetic import: IT outage')
      expect(risk).toMatchObject({
        kind: 'risk',
        organisation_id: 'vcs',
        residual_likelihood: 3,
        current_board_id: 'partnership-subgroups',
        created_by: `import:${engine}-risks-good.csv`,
      })
      expect(issue).toMatchObject({
        kind: 'issue',
        organisation_id: 'vcs',
        residual_impact: 4,
        residual_likelihood: null,
      })
      const audit = await t.database.db
        .selectFrom('audit_events')
        .select(['actor', 'action'])
        .where('entity_type', '=', 'risk')
        .where('entity_id', 'in', [risk!.id, issue!.id])
        .execute()
      expect(audit).toEqual([
        { actor: `import:${engine}-risks-good.csv`, action: 'create' },
        { actor: `import:${engine}-risks-good.csv`, action: 'create' },
      ])

      // The same rows with their references: one changed, one not.
      const update = write('risks-update.csv', [
        header,
        `${risk!.reference},risk,Synthetic import: school place shortfall,Rising demand,Children placed far from home,vcs,Head of School Place Planning,4,4,2,3,2030-06-30,monitoring,partnership-subgroups,best-start;successful,gld-eyfs`,
        `${issue!.reference},issue,Synthetic import: IT outage,Case system down,Delayed referrals,vcs,Head of Digital,,,,4,2030-12-31,open,,,`,
      ])
      expect(await run(update)).toMatchObject({
        rowsRead: 2,
        added: 0,
        updated: 1,
        unchanged: 1,
        errors: [],
        stored: true,
      })
      const [updated] = await byTitle('Synthetic import: school place shortfall')
      expect(updated).toMatchObject({ id: risk!.id, residual_likelihood: 2, status: 'monitoring' })

      // Only the columns a file has change: here the status, and the rest (links too) stay.
      const partial = write('risks-partial.csv', ['Reference,Status', `${risk!.reference},closed`])
      expect(await run(partial)).toMatchObject({ rowsRead: 1, updated: 1, errors: [], stored: true })
      const [closed] = await byTitle('Synthetic import: school place shortfall')
      expect(closed).toMatchObject({
        status: 'closed',
        residual_likelihood: 2,
        current_board_id: 'partnership-subgroups',
      })
      const links = await t.database.db
        .selectFrom('risk_links')
        .select('target_id')
        .where('risk_id', '=', risk!.id)
        .where('archived_at', 'is', null)
        .orderBy('target_id')
        .execute()
      expect(links.map((l) => l.target_id)).toEqual(['best-start', 'gld-eyfs', 'successful'])
    })

    it('reports every bad row as file:line: column: reason and stores nothing', async () => {
      const before = await t.database.db.selectFrom('risks').select('id').execute()
      const { reference: known } = await t.database.db
        .selectFrom('risks')
        .select('reference')
        .where('kind', '=', 'risk')
        .orderBy('id')
        .executeTakeFirstOrThrow()
      const good = (ref: string, title: string) =>
        `${ref},risk,${title},Cause,Effect,lbbd,Head of Service,3,3,2,2,2030-01-01,open,,,`
      const file = write('risks-bad.csv', [
        header,
        good('', 'Synthetic import: fine row'),
        ',hazard,Synthetic import: bad kind,Cause,Effect,lbbd,Head of Service,3,3,2,2,2030-01-01,open,,,',
        ',risk,Synthetic import: bad scores,Cause,Effect,nowhere,Head of Service,7,3,,2,2030-01-01,open,,,',
        ',issue,Synthetic import: issue with likelihood,Cause,Effect,lbbd,Head of Service,,,3,2,2030-01-01,open,no-such-board,,no-such-indicator',
        'ISS-9999,risk,Synthetic import: wrong prefix,Cause,Effect,lbbd,Head of Service,3,3,2,2,2030-02-30,open,,,',
        good('RSK-9998', 'Synthetic import: unknown reference'),
        good(known, 'Synthetic import: once'),
        good(known.toLowerCase(), 'Synthetic import: twice'),
      ])
      const name = path.basename(file)
      const report = await run(file)
      expect(report.stored).toBe(false)
      expect(report.errors).toEqual([
        `${name}:3: kind: Select whether this is a risk or an issue`,
        `${name}:4: organisation: There is no organisation "nowhere"`,
        `${name}:4: inherent_likelihood: Inherent likelihood must be a whole number from 1 to 5`,
        `${name}:4: residual_likelihood: Select the residual likelihood`,
        `${name}:5: residual_likelihood: An issue has already happened: leave the likelihood and the inherent scores empty`,
        `${name}:5: board: There is no board or body "no-such-board" in the strategies`,
        `${name}:5: indicators: No indicator has the id "no-such-indicator"`,
        `${name}:6: reference: ISS-9999 is an issue’s reference, but the row’s kind is risk`,
        `${name}:6: review_date: Review date must be a real date, for example 27 3 2026`,
        `${name}:7: reference: There is no RSK-9998: leave the reference empty to add a new record`,
        `${name}:9: reference: ${known} is also on line 8: a record may appear once in a file`,
      ])
      expect(report.errors.some((e) => e.startsWith(`${name}:2:`))).toBe(false) // the good row
      expect(await t.database.db.selectFrom('risks').select('id').execute()).toHaveLength(before.length)

      const badHeader = write('risks-header.csv', [
        header.replace('reference,', '').replace('inherent_likelihood', 'inherant_likelihood').replace(',status', ''),
        'x',
      ])
      const headerReport = await run(badHeader)
      expect(headerReport.errors).toEqual([
        `${path.basename(badHeader)}:1: inherant_likelihood: unknown column: the columns are reference, kind, title, cause, effect, organisation, owner_role, inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, review_date, status, board, outcomes, indicators`,
        `${path.basename(badHeader)}:1: status: missing column: a new record needs it (a file that only updates needs a reference column)`,
      ])
      // A file that updates by reference may leave columns out, but then cannot add.
      const partial = write('risks-partial-bad.csv', ['reference,status', ',open'])
      expect((await run(partial)).errors).toEqual(
        ['kind', 'title', 'cause', 'effect', 'organisation', 'owner_role', 'residual_impact']
          .map((c) => `${path.basename(partial)}:2: ${c}: missing column: a new record (no reference) needs it`)
          .concat(`${path.basename(partial)}:2: review_date: Enter the date of the next review`),
      )
    })

    it('reads an Excel workbook the same way, reporting Excel’s row numbers', async () => {
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('Risks')
      sheet.addRow(header.split(','))
      sheet.addRow([
        '',
        'risk',
        'Synthetic xlsx: transport',
        'Cause',
        'Effect',
        'schools',
        'Head of Transport',
        3,
        4,
        2,
        4,
        new Date(Date.UTC(2030, 4, 15)),
        'open',
        '',
        '',
        '',
      ])
      sheet.getCell('L2').numFmt = 'dd/mm/yyyy'
      const file = path.join(scratch, `${engine}-risks.xlsx`)
      await workbook.xlsx.writeFile(file)
      const report = await run(file)
      expect(report).toMatchObject({ rowsRead: 1, added: 1, errors: [], stored: true })
      const [row] = await byTitle('Synthetic xlsx: transport')
      expect(row).toMatchObject({ organisation_id: 'schools', inherent_likelihood: 3, residual_impact: 4 })
      expect(
        (
          await t.database.db
            .selectFrom('risks')
            .select(sql`to_char(review_date, 'YYYY-MM-DD')`.as('d'))
            .where('id', '=', row!.id)
            .executeTakeFirst()
        )?.d,
      ).toBe('2030-05-15')

      sheet.addRow([
        '',
        'risk',
        'Synthetic xlsx: bad',
        'Cause',
        'Effect',
        'schools',
        'Head of Transport',
        3,
        4,
        5,
        5,
        '2030-01-01',
        'open',
        '',
        '',
        '',
      ])
      const bad = path.join(scratch, `${engine}-risks-bad.xlsx`)
      await workbook.xlsx.writeFile(bad)
      const badReport = await run(bad)
      expect(badReport.stored).toBe(false)
      expect(badReport.errors).toEqual([
        `${engine}-risks-bad.xlsx:3: residual_likelihood: The residual score (25) cannot be higher than the inherent score (12): mitigations lower a risk`,
      ])
    })

    it('refuses a file it cannot read with its line (or the whole file), and a dry run makes the writes and rolls them back', async () => {
      const count = async () =>
        Number(
          (
            await t.database.db
              .selectFrom('risks')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      const before = await count()
      const row = ',risk,Synthetic refused: row,Cause,Effect,lbbd,Head of Service,3,3,2,2,2030-01-01,open,,,'
      const nul = write('risks-nul.csv', [header, row, row.replace('Cause', 'Cau\u0000se')])
      expect((await run(nul)).errors).toEqual([
        `${engine}-risks-nul.csv:3: the file holds a NUL character (a zero byte), which a text file never does: it is damaged, or not a CSV file; save it as 'CSV UTF-8'`,
      ])
      const latin1 = path.join(scratch, `${engine}-risks-latin1.csv`)
      writeFileSync(latin1, Buffer.from(`${header}\n${row.replace('Cause', 'Caus\xe9')}\n`, 'latin1'))
      expect((await run(latin1)).errors).toEqual([
        `${engine}-risks-latin1.csv:2: the file is not UTF-8: save it as 'CSV UTF-8'`,
      ])
      const workbook = new ExcelJS.Workbook()
      workbook.addWorksheet('Risks').addRow(header.split(','))
      for (let i = 0; i < 30; i++) workbook.getWorksheet('Risks')!.addRow(row.split(','))
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
      const cut = path.join(scratch, `${engine}-risks-cut.xlsx`)
      writeFileSync(cut, bytes.subarray(0, bytes.length >> 1))
      expect((await run(cut)).errors).toEqual([
        `${engine}-risks-cut.xlsx: the workbook is incomplete: its end is missing, as when a file is cut short while it is copied, downloaded or saved: copy or save it again`,
      ])
      expect(await count()).toBe(before)

      const utf16 = path.join(scratch, `${engine}-risks-utf16.csv`)
      writeFileSync(
        utf16,
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${header}\n${row}\n`, 'utf16le').swap16()]),
      )
      const dry = await run(utf16, true)
      expect(dry).toMatchObject({ errors: [], added: 1, stored: false })
      expect(await count()).toBe(before)
    })

    it('says a record an import added was logged by an import of its file', async () => {
      const file = write('risks-logged-by.csv', [
        header,
        ',issue,Synthetic import: logged by,Cause,Effect,vcs,Head of Digital,,,,2,2030-01-31,open,,,',
      ])
      expect(await run(file)).toMatchObject({ added: 1, errors: [], stored: true })
      const [stored] = await byTitle('Synthetic import: logged by')
      const page = await get(boardMember, `/risks/${stored!.id}`)
      expect(page.body).toContain(`Logged by an import of ${engine}-risks-logged-by.csv on `)
    })

    it('runs as the best-chance import-risks command', async () => {
      const file = write('risks-cli.csv', [
        header,
        ',risk,Synthetic cli: command row,Cause,Effect,met-police,Borough Commander,3,3,2,2,2030-01-01,open,,,',
      ])
      const lines: string[] = []
      const io = {
        out: (l: string) => lines.push(l),
        err: (l: string) => lines.push(`ERR ${l}`),
        progress: () => {},
        readStdin: async () => '',
      }
      const runImportRisksCommand = (config: typeof t.config, args: string[]) =>
        runLocally(config, ['import-risks', ...args], io, 'cli:test')
      // The command opens its own database, as `serve` does. On the server engine that is this test's
      // database; an embedded one is a folder only one process opens at a time, and migrating and
      // loading a fresh one takes longer than a test should, so on PGlite only the refusals run.
      const config = { ...t.config, databaseUrl: t.database.url }
      expect(await runImportRisksCommand(config, [])).toBe(2)
      expect(await runImportRisksCommand(config, [path.join(scratch, 'missing.csv')])).toBe(1)
      expect(lines.at(-1)).toBe(`ERR cannot read ${path.join(scratch, 'missing.csv')}: file not found`)
      if (engine !== 'postgres') return
      expect(await runImportRisksCommand(config, [file])).toBe(0)
      expect(lines.at(-1)).toBe(`${path.basename(file)}: rows read 1, added 1, updated 0, unchanged 0\nstored`)
      const bad = write('risks-cli-bad.csv', [
        header,
        ',risk,Synthetic cli: bad,Cause,Effect,met-police,Borough Commander,3,3,2,2,,open,,,',
      ])
      expect(await runImportRisksCommand(config, [bad, '--dry-run'])).toBe(1)
      expect(lines.at(-1)).toBe(
        `ERR ${path.basename(bad)}:2: review_date: Enter the date of the next review\n1 problem(s): nothing was stored`,
      )
      expect(await byTitle('Synthetic cli: command row')).toMatchObject([
        { organisation_id: 'met-police', created_by: `import:${path.basename(file)}` },
      ])
    })
  })
})

describe('best-chance import-risks', () => {
  it('is a command of the CLI, listed in its usage, and asks for a file', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'src/app/cli/main.ts'), 'import-risks'],
      { cwd: projectRoot },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('import-risks needs exactly one file (.csv or .xlsx)')
    expect(result.stderr).toContain('import-risks <file.csv|file.xlsx> [--dry-run]')
  })
})
