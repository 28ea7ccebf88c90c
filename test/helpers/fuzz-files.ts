/**
 * Generated and mutated import files for the fuzz tests: plausible rows for each importer (good
 * and bad values, quoting, line breaks, text in many scripts), written as CSV in several encodings
 * or as a workbook, then damaged the ways files are: cut short, bytes flipped or inserted, NULs,
 * Latin-1, UTF-16 with and without its mark, huge fields, a repeated column, parts of a workbook
 * cut or scrambled, sizes that lie. Chunk boundaries are chosen too, some inside a character.
 */
import ExcelJS from 'exceljs'
import type { Random } from './random.js'
import { readParts, writeZip } from './zip-bytes.js'

export type Importer = 'data' | 'actions' | 'risks'

export interface FuzzCase {
  importer: Importer
  /** 'csv' (bytes in chunks) or 'xlsx' (a file). */
  kind: 'csv' | 'xlsx'
  bytes: Buffer
  /** Where the bytes are cut into the chunks a stream would give. */
  cuts: number[]
  /** What was done, for the failure message. */
  story: string[]
}

const TEXTS = [
  'synthetic',
  'Synthetic figure, quoted',
  'Café “quoted” – €5',
  'Ünïcödé ✓ 😀 中文',
  'line\nbreak',
  'a "quote"',
  '',
  ' padded ',
  '=1+2',
]
const NUMBERS = [
  '33.2',
  '0',
  '100',
  '12',
  '1,5',
  '1,234',
  '1e309',
  '-1e309',
  '1e-400',
  '2.5',
  '-5',
  '.5',
  '5.',
  '1e3',
  'ten',
  'NaN',
  'Infinity',
  '',
  '99999999999999999',
  '0x10',
  '1 000',
]

/**
 * The rows of a file (header first) that the importer reads. Clean rows are all valid (each key
 * once), so a clean file is stored; otherwise values are drawn from good and bad alike.
 */
export function rowsFor(importer: Importer, r: Random, clean = false): string[][] {
  const count = r.int(clean ? 1 : 0, 12)
  const text = () => (clean ? r.pick(TEXTS.filter((t) => t.trim() && t !== '=1+2')) : r.pick(TEXTS))
  if (importer === 'data') {
    const header = [
      'indicator_id',
      'area_code',
      'period',
      'sex',
      'age',
      'value',
      'count',
      'denominator',
      'lower_95',
      'upper_95',
      'value_note',
      'source',
    ]
    const rows = [header]
    const keys = new Set<string>()
    for (let i = 0; i < count; i++) {
      const denominator = r.int(1, 5000)
      const withCount = r.bool(0.4)
      if (clean) {
        const key = [
          `E090000${String(r.int(1, 33)).padStart(2, '0')}`,
          r.pick(['2019/20', '2020/21', '2021/22', '2022/23']),
          r.pick(['', 'Male', 'Female']),
        ]
        if (keys.has(key.join())) continue
        keys.add(key.join())
        const counted = r.int(0, denominator)
        const value = withCount ? String(Math.round((counted / denominator) * 1000) / 10) : String(r.int(0, 1000) / 10)
        rows.push([
          'year-6-obesity',
          key[0]!,
          key[1]!,
          key[2]!,
          '',
          value,
          withCount ? String(counted) : '',
          withCount ? String(denominator) : '',
          '',
          '',
          '',
          text(),
        ])
        continue
      }
      rows.push([
        r.pick([
          'year-6-obesity',
          'year-6-obesity',
          'first-time-entrants',
          'domestic-abuse-violence-with-injury',
          'no-such-indicator',
          '90323',
        ]),
        r.bool(0.9)
          ? `E090000${String(r.int(1, 33)).padStart(2, '0')}`
          : r.pick(['E12000007', 'E92000001', 'E99999999', '']),
        r.pick(['2019/20', '2020/21', '2021/22', '2022/23', '2021', '2021/23', '']),
        r.pick(['', '', 'Male', 'Female']),
        r.pick(['', '', '10-11 yrs']),
        r.bool(0.7) ? String(r.int(0, 1000) / 10) : r.pick(NUMBERS),
        withCount ? (r.bool(0.8) ? String(r.int(0, denominator)) : r.pick(NUMBERS)) : '',
        withCount ? (r.bool(0.8) ? String(denominator) : r.pick(NUMBERS)) : '',
        '',
        '',
        r.bool(0.2) ? text() : '',
        r.bool(0.9) ? r.pick(TEXTS.filter(Boolean)) : '',
      ])
    }
    return rows
  }
  if (importer === 'actions') {
    const header = ['title', 'organisation', 'lead_role', 'due_date', 'status', 'indicators']
    const rows = [header]
    for (let i = 0; i < count; i++) {
      rows.push(
        clean
          ? [
              `Fuzz action ${r.int(0, 99)} ${text()}`,
              r.pick(['lbbd', 'schools', 'nelft']),
              'Head of Service',
              r.pick(['', '2026-03-31', '31/03/2026']),
              r.pick(['', 'on track', 'at risk']),
              r.pick(['', 'gld-eyfs']),
            ]
          : [
              r.bool(0.9) ? `Fuzz action ${r.int(0, 99)} ${text()}` : '',
              r.pick(['lbbd', 'lbbd', 'schools', 'nelft', 'nowhere']),
              r.pick(['Head of Service', 'Lead', '']),
              r.pick(['', '2026-03-31', '31/03/2026', '2026-02-30', 'soon']),
              r.pick(['', 'on track', 'at risk', 'finished']),
              r.pick(['', 'gld-eyfs', 'gld-eyfs; no-such-indicator']),
            ],
      )
    }
    return rows
  }
  const header = [
    'kind',
    'title',
    'cause',
    'effect',
    'organisation',
    'owner_role',
    'inherent_likelihood',
    'inherent_impact',
    'residual_likelihood',
    'residual_impact',
    'review_date',
    'status',
  ]
  const rows = [header]
  const level = () => (clean || r.bool(0.85) ? String(r.int(1, 5)) : r.pick(['0', '6', '2.5', '1,5', '', 'three']))
  for (let i = 0; i < count; i++) {
    const kind = clean ? r.pick(['risk', 'issue']) : r.pick(['risk', 'risk', 'issue', 'hazard'])
    rows.push([
      kind,
      `Fuzz risk ${r.int(0, 99)} ${text()}`,
      r.pick(TEXTS.filter((t) => t.trim())),
      r.pick(TEXTS.filter((t) => t.trim())),
      clean ? r.pick(['lbbd', 'vcs', 'schools']) : r.pick(['lbbd', 'vcs', 'schools', 'nowhere']),
      clean ? 'Head of Service' : r.pick(['Head of Service', '']),
      kind === 'issue' ? '' : level(),
      kind === 'issue' ? '' : level(),
      kind === 'issue' ? '' : clean ? '1' : r.pick(['1', '1', level()]),
      clean ? '1' : level(),
      clean ? r.pick(['2030-01-31', '31/12/2030']) : r.pick(['2030-01-31', '31/12/2030', '2030-02-30', '']),
      clean
        ? r.pick(['open', 'monitoring', 'closed', 'Open'])
        : r.pick(['open', 'monitoring', 'closed', 'Open', 'shut']),
    ])
  }
  return rows
}

/** CSV text: fields quoted when they must be (and sometimes when not), LF or CRLF, a last line break or none. */
export function toCsv(rows: string[][], r: Random): string {
  const eol = r.pick(['\n', '\r\n'])
  const field = (f: string) => (/[",\r\n]/.test(f) || r.bool(0.1) ? `"${f.replace(/"/g, '""')}"` : f)
  return rows.map((row) => row.map(field).join(',')).join(eol) + (r.bool(0.8) ? eol : '')
}

/** Encodes the text as a file would be saved. */
export function encode(text: string, r: Random, story: string[]): Buffer {
  const how = r.pick([
    'utf-8',
    'utf-8',
    'utf-8',
    'utf-8 bom',
    'utf-16le bom',
    'utf-16be bom',
    'utf-16le',
    'latin1',
  ] as const)
  story.push(`encoded as ${how}`)
  switch (how) {
    case 'utf-8':
      return Buffer.from(text)
    case 'utf-8 bom':
      return Buffer.from(`\uFEFF${text}`)
    case 'utf-16le bom':
      return Buffer.from(`\uFEFF${text}`, 'utf16le')
    case 'utf-16be bom':
      return Buffer.from(`\uFEFF${text}`, 'utf16le').swap16()
    case 'utf-16le':
      return Buffer.from(text, 'utf16le')
    case 'latin1':
      return Buffer.from(text, 'latin1')
  }
}

/** Damages bytes as files are damaged; sometimes leaves them alone. */
export function mutate(bytes: Buffer, r: Random, story: string[], times = r.int(0, 2)): Buffer {
  let out = bytes
  for (let i = 0; i < times; i++) {
    const at = r.int(0, Math.max(0, out.length - 1))
    const how = r.pick(['truncate', 'flip', 'insert', 'nul', 'latin1', 'huge field', 'delete'] as const)
    story.push(`${how} at ${at}`)
    switch (how) {
      case 'truncate':
        out = out.subarray(0, at)
        break
      case 'flip': {
        out = Buffer.from(out)
        if (out.length) out[at] = r.int(0, 255)
        break
      }
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(r.bytes(r.int(1, 8))), out.subarray(at)])
        break
      case 'nul':
        out = Buffer.concat([out.subarray(0, at), Buffer.from([0]), out.subarray(at)])
        break
      case 'latin1':
        out = Buffer.concat([out.subarray(0, at), Buffer.from([r.pick([0xe9, 0xa3, 0x96, 0xff])]), out.subarray(at)])
        break
      case 'huge field':
        // Over the 1 Mi character limit, or under it.
        out = Buffer.concat([
          out.subarray(0, at),
          Buffer.alloc(r.pick([200_000, 1_100_000]), r.pick(['x', '"'])),
          out.subarray(at),
        ])
        break
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + r.int(1, 20)))])
        break
    }
  }
  return out
}

/** Chunk boundaries: a few at random, and one inside a multi-byte character when there is one. */
export function cutsFor(bytes: Buffer, r: Random): number[] {
  const cuts = new Set<number>()
  for (let i = r.int(0, 4); i > 0; i--) cuts.add(r.int(1, Math.max(1, bytes.length - 1)))
  const inside = bytes.findIndex((b, i) => i > 0 && b >= 0x80 && b < 0xc0 && r.bool(0.3))
  if (inside > 0) cuts.add(inside)
  return [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)
}

export function chunksOf(c: FuzzCase): Buffer[] {
  const points = [0, ...c.cuts, c.bytes.length]
  return points.slice(1).map((end, i) => c.bytes.subarray(points[i]!, end))
}

/** A workbook of the rows, as exceljs writes it (Excel's layout, shared strings and all). */
export async function toXlsx(rows: string[][], r: Random): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(r.pick(['Data', 'Sheet1', 'Données']))
  for (const row of rows) {
    // Numbers typed as numbers where they are, as an analyst's sheet has them.
    ws.addRow(row.map((f) => (/^-?\d+(\.\d+)?$/.test(f) && r.bool(0.7) ? Number(f) : f)))
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Damages a workbook: its bytes (cut short, flipped), or one of its parts (XML cut, scrambled, a lying size). */
export async function mutateWorkbook(bytes: Buffer, r: Random, story: string[]): Promise<Buffer> {
  const how = r.pick([
    'none',
    'truncate',
    'bytes',
    'part cut',
    'part bytes',
    'part nul',
    'lying size',
    'reordered',
  ] as const)
  story.push(`workbook: ${how}`)
  if (how === 'none') return bytes
  if (how === 'truncate') {
    const at = r.int(0, bytes.length - 1)
    story.push(`cut at ${at} of ${bytes.length}`)
    return bytes.subarray(0, at)
  }
  if (how === 'bytes') return mutate(bytes, r, story, r.int(1, 3))
  const parts = await readParts(bytes)
  const target = r.pick(
    parts.filter((p) => /^xl\/(worksheets\/sheet1|sharedStrings|workbook|styles)\.xml$|rels$/.test(p.name)),
  )
  story.push(`part ${target.name}`)
  const data = Buffer.isBuffer(target.data) ? target.data : Buffer.from(target.data)
  if (how === 'part cut') target.data = data.subarray(0, r.int(0, data.length - 1))
  else if (how === 'part bytes') target.data = mutate(data, r, story, r.int(1, 3))
  else if (how === 'part nul')
    target.data = Buffer.concat([
      data.subarray(0, r.int(0, data.length)),
      Buffer.from([0]),
      data.subarray(r.int(0, data.length)),
    ])
  else if (how === 'lying size') target.statedSize = r.int(0, data.length * 2)
  else parts.reverse()
  return writeZip(parts, { zip64: r.bool(0.2) })
}

/**
 * One case: rows for the importer, as CSV or a workbook: a third clean files, written well, which
 * must be stored; a third clean files with one fault (the dangerous kind: rows that pass every
 * check with a NUL or a Latin-1 byte in their text); a third with bad values, damaged or not.
 */
export async function fuzzCase(importer: Importer, r: Random): Promise<FuzzCase> {
  const story: string[] = []
  const kind = r.pick(['clean', 'clean, then damaged', 'dirty'] as const)
  story.push(kind)
  const rows = rowsFor(importer, r, kind !== 'dirty')
  if (kind === 'dirty' && r.bool(0.1)) {
    rows[0] = [...rows[0]!, rows[0]![r.int(0, rows[0]!.length - 1)]!]
    story.push(`repeated column ${rows[0].at(-1)}`)
  }
  story.push(`${rows.length - 1} rows`)
  if (r.bool(0.3)) {
    const workbook = await toXlsx(rows, r)
    const bytes = kind === 'clean' ? workbook : await mutateWorkbook(workbook, r, story)
    return { importer, kind: 'xlsx', bytes, cuts: [], story }
  }
  const text = toCsv(rows, r)
  const bytes =
    kind === 'clean'
      ? encodeWell(text, r, story)
      : kind === 'dirty'
        ? mutate(encode(text, r, story), r, story)
        : mutate(encodeWell(text, r, story), r, story, 1)
  return { importer, kind: 'csv', bytes, cuts: cutsFor(bytes, r), story }
}

/** Encoded as a file that must be read: UTF-8 with or without its mark, or UTF-16 with it. */
function encodeWell(text: string, r: Random, story: string[]): Buffer {
  for (;;) {
    const bytes = encode(text, r, story)
    if (!/utf-16le$|latin1$/.test(story.at(-1)!)) return bytes
    story.pop()
  }
}
