/**
 * Staging an import's rows by COPY (db/copy-in.ts, import.repository.ts) on both engines: any text
 * (commas, quotes, line breaks, backslashes, COPY's own `\.` and `\N`, any Unicode character) and
 * any double comes back exactly as it went in, an empty text stays empty and never becomes NULL,
 * and a COPY is part of its transaction: rolled back with it.
 */
import fc from 'fast-check'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../../src/db/client.js'
import type { Database } from '../../src/db/database.js'
import { copyStaging, createStaging } from '../../src/modules/indicators/import/import.repository.js'
import type { ImportRow } from '../../src/modules/indicators/import/import.types.js'
import type { Period } from '../../src/modules/indicators/periods.js'
import { runSettings } from '../helpers/random.js'
import { createTestDatabase, engines } from '../helpers/test-db.js'

/** Characters COPY or CSV treat specially, and some beyond ASCII; the rest of Unicode is drawn too. */
const nasty = ['"', ',', '\n', '\r', '\\', '.', 'N', '\t', ' ', "'", 'é', '€', '😀', '\u2028', '\uFEFF', '\u00A0']
const char = fc.oneof(
  fc.constantFrom(...nasty),
  fc
    .integer({ min: 1, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
)
// Text as an import can hold it: any Unicode text but NUL, which the file reader refuses (lib/text-decode.ts).
const text = fc.string({ unit: char, maxLength: 40 })
const number = fc.option(fc.double(), { nil: null })

/** Whole values that mean something to COPY or CSV when they stand alone. */
const table = ['', '\\.', '\\N', 'NULL', '""', '"', ',', '\r\n', '\n\\.\n', ' padded ', 'a,"b"\nc\\d']

interface Texts {
  indicatorId: string
  areaCode: string
  key: string
  label: string
  type: string
  sex: string
  age: string
  categoryType: string
  category: string
  valueNote: string | null
  source: string
  sourceQuote: string | null
}

const texts: fc.Arbitrary<Texts> = fc.record({
  indicatorId: text,
  areaCode: text,
  key: text,
  label: text,
  type: text,
  sex: text,
  age: text,
  categoryType: text,
  category: text,
  valueNote: fc.option(text, { nil: null }),
  source: text,
  sourceQuote: fc.option(text, { nil: null }),
})
const numbers = fc.tuple(number, number, number, number, number, number, number)

function row(line: number, t: Texts, n: (number | null)[]): ImportRow {
  const period = { key: t.key, label: t.label, type: t.type } as unknown as Period
  const [value, count, denominator, lower95, upper95, lower998, upper998] = n
  return {
    line,
    indicatorId: t.indicatorId,
    areaCode: t.areaCode,
    period,
    sex: t.sex,
    age: t.age,
    categoryType: t.categoryType,
    category: t.category,
    value: value!,
    count: count!,
    denominator: denominator!,
    lower95: lower95!,
    upper95: upper95!,
    lower998: lower998!,
    upper998: upper998!,
    valueNote: t.valueNote,
    source: t.source,
    sourceQuote: t.sourceQuote,
  }
}

/** What a row should read back as: PostgreSQL keeps no negative zero in a double written as text. */
const expected = (r: ImportRow) => {
  const z = (x: number | null) => (Object.is(x, -0) ? 0 : x)
  return [
    r.line,
    r.indicatorId,
    r.areaCode,
    r.period.key,
    r.period.label,
    r.period.type,
    r.sex,
    r.age,
    r.categoryType,
    r.category,
    z(r.value),
    z(r.count),
    z(r.denominator),
    z(r.lower95),
    z(r.upper95),
    z(r.lower998),
    z(r.upper998),
    r.valueNote,
    r.source,
    r.sourceQuote,
  ]
}

/** Stages the rows by COPY in a transaction and reads them back, in line order; the transaction then rolls back. */
async function roundTrip(db: Kysely<Database>, rows: ImportRow[]): Promise<unknown[][]> {
  let back: unknown[][] = []
  await db
    .transaction()
    .execute(async (trx) => {
      await createStaging(trx)
      await copyStaging(trx, rows)
      // Each text read with a character before it: PGlite's reader drops a byte-order mark that
      // begins a value (stored whole, as length() shows), which is no fault of the COPY.
      const { rows: read } = await sql<Record<string, unknown>>`
        select line,
          '>' || indicator_id as indicator_id,
          '>' || area_code as area_code,
          '>' || period_key as period_key,
          '>' || period_label as period_label,
          '>' || period_type as period_type,
          '>' || sex as sex,
          '>' || age as age,
          '>' || category_type as category_type,
          '>' || category as category,
          value, count, denominator, lower_95, upper_95, lower_998, upper_998,
          '>' || value_note as value_note,
          '>' || source as source,
          '>' || source_quote as source_quote
        from import_staging order by line`.execute(trx)
      const unmark = (v: unknown) => (typeof v === 'string' ? v.slice(1) : v)
      back = read.map((r) => Object.values(r).map(unmark))
      throw new Error('roll back')
    })
    .catch((error: Error) => {
      if (error.message !== 'roll back') throw error
    })
  return back
}

describe.each(engines)('staging rows by COPY on %s', (engine) => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase(engine)
  }, 120_000)
  afterAll(() => handle?.close())

  it('reads back exactly the values COPY and CSV treat specially, and empty text as empty, not NULL', async () => {
    const values = table.map((v) => ({ t: v, n: 1.5 }))
    const rows = values.map(({ t }, i) =>
      row(
        i + 1,
        {
          indicatorId: t,
          areaCode: t,
          key: t,
          label: t,
          type: t,
          sex: t,
          age: t,
          categoryType: t,
          category: t,
          valueNote: t,
          source: t,
          sourceQuote: t,
        },
        [1.5, 0, -0, 1e-300, Number.MAX_VALUE, 0.1 + 0.2, null],
      ),
    )
    const back = await roundTrip(handle.db, rows)
    expect(back).toEqual(rows.map(expected))
    // The empty text is text: distinct from the NULL of a missing note.
    expect(back[0]![17]).toBe('')
  })

  it('reads back any text and any double exactly (property)', async () => {
    const rows = fc.array(fc.tuple(texts, numbers), { minLength: 1, maxLength: 12 })
    await fc.assert(
      fc.asyncProperty(rows, async (drawn) => {
        const staged = drawn.map(([t, n], i) => row(i + 1, t, n))
        expect(await roundTrip(handle.db, staged)).toEqual(staged.map(expected))
      }),
      runSettings(engine === 'pglite' ? 60 : 100, true),
    )
  }, 120_000)

  it('copies inside its transaction: rolled back, the rows are gone; committed, they stay', async () => {
    await sql`create table copy_probe (line integer, note text)`.execute(handle.db)
    const staged = [1, 2, 3].map((line) =>
      row(
        line,
        {
          indicatorId: 'i',
          areaCode: 'a',
          key: 'k',
          label: 'l',
          type: 't',
          sex: '',
          age: '',
          categoryType: '',
          category: '',
          valueNote: `note ${line}`,
          source: 's',
          sourceQuote: null,
        },
        [1, 2, 3, 4, 5, 6, 7],
      ),
    )
    const stage = (trx: Kysely<Database>) =>
      createStaging(trx)
        .then(() => copyStaging(trx, staged))
        .then(() => sql`insert into copy_probe select line, value_note from import_staging`.execute(trx))
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await stage(trx)
        throw new Error('fail after the copy')
      }),
    ).rejects.toThrow('fail after the copy')
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::integer as n from copy_probe`.execute(handle.db)).rows[0]!.n
    expect(await count()).toBe(0)
    await handle.db.transaction().execute(stage)
    expect(await count()).toBe(3)
  })
})
