/** Column types shared by every module's table declarations. */
import type { ColumnType } from 'kysely'

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** A jsonb column: written as a JSON string, read as the parsed value. */
export type Json<T> = ColumnType<T, string, string>
/** A bigserial id: PGlite and pg both return bigint as text. */
export type Id = ColumnType<string, never, never>
