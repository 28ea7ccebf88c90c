/** The export format's rules without a database: the chain, the reader's refusals, load order, values. */
import { describe, expect, it } from 'vitest'
import {
  encodeFloat,
  encodingOf,
  ExportReader,
  exportFileName,
  FORMAT,
  headerLine,
  loadOrder,
  orderProblems,
  restoreText,
  rowLine,
  schemaDifferences,
  sealLine,
  trailerLine,
  type ExportHeader,
  type ExportValue,
} from './backup.format.js'
import { splitLines } from './backup.files.js'

const header: ExportHeader = {
  format: FORMAT,
  version: 1,
  createdAt: '2025-01-02T03:04:05.000Z',
  engine: 'pglite',
  schema: '0002_b',
  redacted: [],
  tables: [
    {
      name: 'parents',
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'name', type: 'text' },
      ],
    },
    {
      name: 'children',
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'parent_id', type: 'bigint' },
        { name: 'score', type: 'double precision' },
      ],
    },
  ],
}

const rows: [string, Record<string, ExportValue>][] = [
  ['parents', { id: '1', name: 'Ann "the first" \\ {a,b} NULL' }],
  ['parents', { id: '2', name: 'Bé 🙂' }],
  ['children', { id: '10', parent_id: '1', score: 0.30000000000000004 }],
  ['children', { id: '11', parent_id: '2', score: 'NaN' }],
]

/** A valid export's lines, sealed the way export-all seals them. */
function exportLines(
  h: ExportHeader = header,
  body = rows,
  counts: Record<string, number> = { parents: 2, children: 2 },
): string[] {
  let sealed = headerLine(h)
  const lines = [sealed.line]
  for (const [table, row] of body) {
    sealed = rowLine(table, row, sealed.check)
    lines.push(sealed.line)
  }
  lines.push(trailerLine({ end: true, rows: counts, total: body.length, lines: lines.length + 1 }, sealed.check).line)
  return lines
}

/** Feeds lines to a reader; returns the events or the refusal's message. */
function read(lines: string[], lastTerminated = true) {
  const reader = new ExportReader()
  try {
    const events = lines.map((text, i) => reader.accept(i + 1, text, i < lines.length - 1 || lastTerminated))
    reader.finish()
    return { events, error: null }
  } catch (error) {
    return { events: [], error: (error as Error).message }
  }
}

describe('the export reader', () => {
  it('reads a sealed export back: header, every row as written, and the closing line', () => {
    const { events, error } = read(exportLines())
    expect(error).toBeNull()
    expect(events[0]).toEqual({ kind: 'header', header })
    expect(events.slice(1, -1)).toEqual(rows.map(([table, row]) => ({ kind: 'row', table, row })))
    expect(events.at(-1)).toMatchObject({
      kind: 'end',
      trailer: { rows: { parents: 2, children: 2 }, total: 4, lines: 6 },
    })
  })

  it('names the line whose value was changed, however the rest checks', () => {
    const lines = exportLines()
    lines[2] = lines[2]!.replace('Bé', 'Be')
    expect(read(lines).error).toMatch(/^line 3: does not check/)
  })

  it('names the line after one that was removed', () => {
    const lines = exportLines()
    lines.splice(3, 1)
    expect(read(lines).error).toMatch(/^line 4: does not check/)
  })

  it('finds a changed header too', () => {
    const lines = exportLines()
    lines[0] = lines[0]!.replace('"double precision"', '"real"')
    expect(read(lines).error).toMatch(/^line 1: does not check/)
  })

  it('calls an export cut at a line end truncated, naming the missing line', () => {
    expect(read(exportLines().slice(0, 4)).error).toBe(
      'line 5: the export ends without its closing line: it is truncated',
    )
  })

  it('calls an export cut inside a line truncated, naming that line', () => {
    const lines = exportLines().slice(0, 4)
    lines[3] = lines[3]!.slice(0, 20)
    expect(read(lines, false).error).toBe('line 4: the export ends without its closing line: it is truncated')
  })

  it('accepts a complete last line that lost only its newline', () => {
    expect(read(exportLines(), false).error).toBeNull()
  })

  it('refuses an empty file, a file that is not an export, and anything after the closing line', () => {
    expect(read([]).error).toBe('line 1: the file is empty: it is not a Best Chance export')
    expect(read(['indicator_id,area_code,value']).error).toMatch(/^line 1: this is not a Best Chance export/)
    const lines = exportLines()
    expect(read([...lines, lines[1]!]).error).toMatch(/^line 7: there is more after the export's closing line/)
  })

  it('refuses a format version it does not know, saying which it reads', () => {
    expect(read(exportLines({ ...header, version: 2 })).error).toMatch(
      /^line 1: this export is in version 2 of the format; this Best Chance reads version 1/,
    )
  })

  it('refuses rows that checked but do not fit the header: columns, order, counts', () => {
    const wrongColumns: [string, Record<string, ExportValue>][] = [['parents', { id: '1', title: 'x' }]]
    expect(read(exportLines(header, wrongColumns, { parents: 1, children: 0 })).error).toMatch(
      /^line 2: the row's columns \(id, title\) are not parents's \(id, name\)/,
    )
    const backwards: [string, Record<string, ExportValue>][] = [rows[2]!, rows[0]!]
    expect(read(exportLines(header, backwards, { parents: 1, children: 1 })).error).toMatch(
      /^line 3: a row of parents after rows of children/,
    )
    expect(read(exportLines(header, rows, { parents: 2, children: 3 })).error).toMatch(
      /^line 6: the closing line counts 3 rows of children, but the export holds 2/,
    )
  })
})

describe('sealing', () => {
  it('adds the check as the last member and chains each line to the one before', () => {
    const a = sealLine('{"x":1}', '')
    expect(a.line).toMatch(/^\{"x":1,"check":"[0-9a-f]{16}"\}$/)
    expect(sealLine('{"x":1}', a.check).check).not.toBe(a.check)
    expect(() => sealLine('{}', '')).toThrow()
  })
})

describe('load order', () => {
  const refs = [
    { table: 'children', references: 'parents' },
    { table: 'children', references: 'children' },
    { table: 'grandchildren', references: 'children' },
    { table: 'parents', references: 'zones' },
  ]

  it('puts each table after those it references, by name otherwise, ignoring references to itself', () => {
    expect(loadOrder(['grandchildren', 'children', 'parents', 'zones', 'alone'], refs)).toEqual([
      'alone',
      'zones',
      'parents',
      'children',
      'grandchildren',
    ])
  })

  it('refuses a cycle, naming its tables', () => {
    expect(() =>
      loadOrder(
        ['a', 'b', 'c'],
        [
          { table: 'a', references: 'b' },
          { table: 'b', references: 'a' },
        ],
      ),
    ).toThrow(/cycle.*: a, b$/)
  })

  it('finds an order that would load a table before one it references', () => {
    expect(orderProblems(['zones', 'parents', 'children', 'grandchildren'], refs)).toEqual([])
    expect(orderProblems(['children', 'parents', 'zones'], refs)).toEqual([
      'table children comes before parents, which it references',
      'table parents comes before zones, which it references',
    ])
  })
})

describe('schema differences', () => {
  it('says which tables, columns and keys differ, and nothing when they are the same', () => {
    expect(schemaDifferences(header.tables, header.tables)).toEqual([])
    const here = [
      {
        ...header.tables[0]!,
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'name', type: 'text' },
        ],
      },
      { name: 'extra', primaryKey: [], columns: [] },
    ]
    expect(schemaDifferences(header.tables, here)).toEqual([
      'table parents has columns (id bigint, name text) in the export but (id integer, name text) here',
      'table children is in the export but not in this database',
      'table extra is in this database but not in the export',
    ])
  })
})

describe('values', () => {
  it('writes each type the way it reads back exactly', () => {
    expect(
      ['int2', 'int4', 'float8', 'bool', 'text', 'timestamptz', 'date', 'int8', 'numeric', 'jsonb', 'uuid'].map(
        encodingOf,
      ),
    ).toEqual(['number', 'number', 'float', 'boolean', 'string', 'timestamptz', 'date', 'text', 'text', 'text', 'text'])
    expect([
      encodeFloat(0.1),
      encodeFloat(null),
      encodeFloat(NaN),
      encodeFloat(Infinity),
      encodeFloat(-Infinity),
    ]).toEqual([0.1, null, 'NaN', 'Infinity', '-Infinity'])
  })

  it('gives restore each value as the text PostgreSQL casts, and refuses what is not a value', () => {
    expect([
      restoreText(null),
      restoreText('x'),
      restoreText(0.30000000000000004),
      restoreText(1e-7),
      restoreText(false),
    ]).toEqual([null, 'x', '0.30000000000000004', '1e-7', 'false'])
    expect(() => restoreText({ a: 1 })).toThrow(/an object/)
  })

  it('names a folder export by its time, with no characters a file system minds', () => {
    expect(exportFileName(new Date('2025-03-04T05:06:07.890Z'))).toBe(
      'best-chance-export-2025-03-04T05-06-07Z.jsonl.gz',
    )
  })
})

describe('splitting lines', () => {
  async function collect(chunks: (Buffer | string)[]) {
    const out = []
    for await (const line of splitLines(chunks)) out.push(line)
    return out
  }

  it('splits across chunk boundaries, even inside a character, and marks an unterminated last line', async () => {
    const bytes = Buffer.from('{"a":"é🙂"}\r\n{"b":2}\n{"c":')
    const pieces = [bytes.subarray(0, 8), bytes.subarray(8, 9), bytes.subarray(9)]
    expect(await collect(pieces)).toEqual([
      { number: 1, text: '{"a":"é🙂"}', terminated: true },
      { number: 2, text: '{"b":2}', terminated: true },
      { number: 3, text: '{"c":', terminated: false },
    ])
    expect(await collect(['x\n'])).toEqual([{ number: 1, text: 'x', terminated: true }])
  })
})
