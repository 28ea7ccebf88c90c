import type { Kysely } from 'kysely'
import { runStatements } from '../run-sql.js'

/**
 * The statistics approver: a role of its own (a head of profession for statistics, say) that
 * approves releases alongside administrators, so approving figures for publication need not come
 * with managing users. 0004 named the role check users_role_check (PostgreSQL's name for it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table users drop constraint users_role_check;
    alter table users add constraint users_role_check
      check (role in ('administrator', 'analyst', 'approver', 'owner', 'board_member'));
    `,
  )
}
