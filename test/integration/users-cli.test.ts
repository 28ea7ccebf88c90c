/** `best-chance users …`: administrators manage accounts from the command line. */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/config.js'
import { loadOrganisations } from '../../src/modules/accounts/organisations.js'
import { runUsersCommand } from '../../src/modules/accounts/users.cli.js'
import { addUser, checkPassword } from '../../src/modules/accounts/users.service.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

describe.each(engines)('best-chance users (%s)', (engine) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    database = await createTestDatabase(engine)
    await loadOrganisations(database.db, path.join(projectRoot, 'data'))
  })
  afterAll(async () => database?.close())

  async function users(sub: string, positional: string[], flags: Record<string, string | boolean>, stdin = '') {
    const lines: string[] = []
    const code = await runUsersCommand(database.db, sub, positional, flags, {
      out: (l) => lines.push(l),
      readPassword: async () => stdin,
      actor: 'cli:test',
    })
    return { code, output: lines.join('\n') }
  }

  it('adds an owner with a generated password shown once, which then signs in', async () => {
    const added = await users('add', [], {
      email: 'Lead@Example.org',
      name: 'Head of Early Help',
      role: 'owner',
      organisation: 'lbbd',
    })
    expect(added.code).toBe(0)
    const password = /password \(shown once; pass it on securely\): (\S+)/.exec(added.output)![1]!
    expect(password.length).toBeGreaterThanOrEqual(24)
    expect(await checkPassword(database.db, 'lead@example.org', password)).toMatchObject({
      ok: true,
      user: { role: 'owner', organisationId: 'lbbd' },
    })
  })

  it('refuses a bad role, an owner without an organisation, an unknown organisation and a second account for one email', async () => {
    expect((await users('add', [], { email: 'a@example.org', name: 'A', role: 'king' })).output).toContain(
      'Role must be one of',
    )
    expect((await users('add', [], { email: 'b@example.org', name: 'B', role: 'owner' })).output).toContain(
      'an account with the role owner must belong to an organisation: add --organisation ID',
    )
    const member = await users('add', [], { email: 'm@example.org', name: 'M', role: 'board_member' })
    expect(member.code).toBe(1)
    expect(member.output).toContain('an account with the role board_member must belong to an organisation')
    expect((await users('list', [], {})).output).not.toContain('m@example.org')
    await expect(
      addUser(
        database.db,
        { email: 'm@example.org', displayName: 'M', role: 'board_member', organisationId: null, password: null },
        'test',
      ),
    ).rejects.toThrow('An owner or board member must belong to an organisation')
    expect(
      (await users('add', [], { email: 'c@example.org', name: 'C', role: 'owner', organisation: 'nowhere' })).output,
    ).toContain('no organisation "nowhere"')
    expect((await users('add', [], { email: 'LEAD@example.org', name: 'D', role: 'analyst' })).output).toContain(
      'already an account',
    )
  })

  it('resets from standard input and disables, both audited', async () => {
    expect(
      (await users('reset', ['lead@example.org'], { 'password-stdin': true }, 'another long password\n')).code,
    ).toBe(0)
    expect(await checkPassword(database.db, 'lead@example.org', 'another long password')).toMatchObject({ ok: true })
    expect((await users('disable', ['lead@example.org'], {})).code).toBe(0)
    expect(await checkPassword(database.db, 'lead@example.org', 'another long password')).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect((await users('list', [], {})).output).toMatch(/lead@example\.org\towner\tlbbd\tdisabled/)
    const actions = await database.db
      .selectFrom('audit_events')
      .select(['action', 'actor'])
      .where('entity_type', '=', 'user')
      .orderBy('id')
      .execute()
    expect(actions).toEqual([
      { action: 'create', actor: 'cli:test' },
      { action: 'reset-password', actor: 'cli:test' },
      { action: 'disable', actor: 'cli:test' },
    ])
  })

  it('adds a statistics approver, who needs no organisation (the role the database accepts since 0020)', async () => {
    const added = await users('add', [], {
      email: 'approver@example.org',
      name: 'Head of Statistics',
      role: 'approver',
    })
    expect(added.code).toBe(0)
    const stored = await database.db
      .selectFrom('users')
      .select(['role', 'organisation_id'])
      .where('email', '=', 'approver@example.org')
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ role: 'approver', organisation_id: null })
    // The database itself still refuses a role that is not one.
    await expect(
      database.db.updateTable('users').set({ role: 'king' }).where('email', '=', 'approver@example.org').execute(),
    ).rejects.toThrow(/users_role_check/)
  })
})

describe('best-chance users, as a command', () => {
  it('adds an account to the embedded database', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'best-chance-users-'))
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(projectRoot, 'src/app/cli/main.ts'),
          'users',
          'add',
          '--email',
          'analyst@example.org',
          '--name',
          'Public health analyst',
          '--role',
          'analyst',
        ],
        {
          cwd: projectRoot,
          env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        },
      )
      expect(stdout).toContain('added analyst@example.org (analyst)')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
