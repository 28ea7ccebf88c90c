/**
 * `best-chance users add|reset|disable|list`, for administrators at the command line. A new or
 * reset password is generated and shown once (or read from standard input with --password-stdin),
 * so it never sits in shell history.
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ZodError } from 'zod'
import type { Database } from '../../db/database.js'
import { needsOrganisation, roles, type Role } from './access.js'
import { addUser, disableUser, listUsers, resetPassword } from './users.service.js'

export const USERS_USAGE = `  users add --email E --name N --role ${roles.join('|')} [--organisation ID] [--password-stdin | --no-password]
  users reset <email> [--password-stdin]   users disable <email>   users list
                               manage accounts (audited); a generated password is shown once;
                               --no-password for an account that signs in only through OpenID Connect`

/** Owners change only their organisation's records; board members record their boards' meetings. */
const ORGANISATION_FLAG_NEEDED = (role: string) =>
  `users add: an account with the role ${role} must belong to an organisation: add --organisation ID ` +
  "(owners change their organisation's records; board members record meetings of the boards it sits on)"

export interface UsersCommandIo {
  out: (line: string) => void
  readPassword: () => Promise<string>
  actor: string
}

/** Runs one users subcommand; returns the exit code (2: bad usage, 1: refused). */
export async function runUsersCommand(
  db: Kysely<Database>,
  sub: string | undefined,
  positional: string[],
  flags: Record<string, string | boolean>,
  io: UsersCommandIo,
): Promise<number> {
  const password = async () => (flags['password-stdin'] ? (await io.readPassword()).trim() : generatedPassword())
  try {
    switch (sub) {
      case 'add': {
        const role = String(flags.role ?? '')
        if (needsOrganisation(role) && typeof flags.organisation !== 'string') {
          io.out(ORGANISATION_FLAG_NEEDED(role))
          return 1
        }
        const pw = flags['no-password'] ? null : await password()
        const user = await addUser(
          db,
          {
            email: String(flags.email ?? ''),
            displayName: String(flags.name ?? ''),
            role: String(flags.role ?? '') as Role,
            organisationId: typeof flags.organisation === 'string' ? flags.organisation : null,
            password: pw,
          },
          io.actor,
        )
        io.out(`added ${user.email} (${user.role}${user.organisationId ? `, ${user.organisationId}` : ''})`)
        if (pw && !flags['password-stdin']) io.out(`password (shown once; pass it on securely): ${pw}`)
        return 0
      }
      case 'reset': {
        const email = positional[0]
        if (!email) return 2
        const pw = await password()
        await resetPassword(db, email, pw, io.actor)
        io.out(`reset ${email}: unlocked, every session ended`)
        if (!flags['password-stdin']) io.out(`password (shown once; pass it on securely): ${pw}`)
        return 0
      }
      case 'disable': {
        const email = positional[0]
        if (!email) return 2
        await disableUser(db, email, io.actor)
        io.out(`disabled ${email}: every session ended; the account is kept for the audit trail`)
        return 0
      }
      case 'list': {
        for (const u of await listUsers(db)) {
          const state = u.disabledAt ? 'disabled' : u.lockedUntil && u.lockedUntil > new Date() ? 'locked' : 'active'
          io.out(`${u.email}\t${u.role}\t${u.organisationId ?? '-'}\t${state}`)
        }
        return 0
      }
      default:
        return 2
    }
  } catch (error) {
    io.out(
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join('.') || 'user'}: ${i.message}`).join('\n')
        : (error as Error).message,
    )
    return 1
  }
}

/** 18 random bytes as base64url: 24 characters, about 144 bits. */
function generatedPassword(): string {
  return randomBytes(18).toString('base64url')
}
