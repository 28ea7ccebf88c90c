/** Column types shared by every module's table declarations. */
import type { ColumnType } from 'kysely'

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** A jsonb column: written as a JSON string, read as the parsed value. */
export type Json<T> = ColumnType<T, string, string>
/**
 * A calendar date (`date`): written and read as 'YYYY-MM-DD' text. Both clients are told to hand
 * dates back as their text (client.ts), so no query converts them and no time zone moves them.
 */
export type DateText = ColumnType<string, string, string>
export type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>
/** A bigserial id: PGlite and pg both return bigint as text. */
export type Id = ColumnType<string, never, never>
