/** Forward-only migrations, the same SQL for PGlite and PostgreSQL, compiled into the build. */
import type { Kysely } from 'kysely'
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration'
import * as strategy0001 from './migrations/0001_strategy.js'
import * as indicatorData0002 from './migrations/0002_indicator_data.js'
import * as indicatorSummaries0003 from './migrations/0003_indicator_summaries.js'
import * as accounts0004 from './migrations/0004_accounts.js'
import * as delivery0005 from './migrations/0005_delivery.js'
import * as risks0006 from './migrations/0006_risks.js'
import * as boards0007 from './migrations/0007_boards.js'
import * as indicatorContent0008 from './migrations/0008_indicator_content.js'
import * as shippedDatasets0009 from './migrations/0009_shipped_datasets.js'
import * as auditActor0010 from './migrations/0010_audit_actor.js'
import * as boardPacks0011 from './migrations/0011_board_packs.js'
import * as releases0012 from './migrations/0012_releases.js'
import * as follows0013 from './migrations/0013_follows.js'
import * as meetingRecords0014 from './migrations/0014_meeting_records.js'
import * as reportKinds0015 from './migrations/0015_report_kinds.js'
import * as disclosureDecisions0018 from './migrations/0018_disclosure_decisions.js'
import * as approverRole0020 from './migrations/0020_approver_role.js'

const migrations: Record<string, Migration> = {
  '0001_strategy': strategy0001,
  '0002_indicator_data': indicatorData0002,
  '0003_indicator_summaries': indicatorSummaries0003,
  '0004_accounts': accounts0004,
  '0005_delivery': delivery0005,
  '0006_risks': risks0006,
  '0007_boards': boards0007,
  '0008_indicator_content': indicatorContent0008,
  '0009_shipped_datasets': shippedDatasets0009,
  '0010_audit_actor': auditActor0010,
  '0011_board_packs': boardPacks0011,
  '0012_releases': releases0012,
  '0013_follows': follows0013,
  '0014_meeting_records': meetingRecords0014,
  '0015_report_kinds': reportKinds0015,
  '0018_disclosure_decisions': disclosureDecisions0018,
  '0020_approver_role': approverRole0020,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await new Migrator({ db, provider }).migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error })
  }
  return result
}
