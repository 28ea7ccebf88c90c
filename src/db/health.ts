/** Whether the database answers: the health check's one query. */
import { sql, type Kysely } from 'kysely'

export async function pingDatabase(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db)
}
