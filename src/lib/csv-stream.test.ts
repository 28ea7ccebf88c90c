import { describe, expect, it } from 'vitest'
import { MAX_FIELD_CHARS, MAX_FIELDS, readCsvRecords } from './csv-stream.js'

async function records(...chunks: (string | Uint8Array)[]) {
  const out = []
  for await (const r of readCsvRecords(
    (async function* () {
      yield* chunks
    })(),
  ))
    out.push(r)
  return out
}

describe('reading CSV records from a stream', () => {
  it('reads plain records with the line each starts on', async () => {
    expect(await records('a,b\n1,2\r\n3,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', ''] },
    ])
  })

  it('keeps commas, doubled quotes and line breaks inside quoted fields, counting the lines they span', async () => {
    expect(await records('id,name\n1,"Campylobacter, rate\n/100,000"\n2,"say ""hi"""\n')).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', 'Campylobacter, rate\n/100,000'] },
      { line: 4, fields: ['2', 'say "hi"'] },
    ])
  })

  it('is the same whichever way the text is split into chunks', async () => {
    const text = '\uFEFFa,"b\n""c"""\r\nd,e\n"",f'
    const whole = await records(text)
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b\n"c"'] },
      { line: 3, fields: ['d', 'e'] },
      { line: 4, fields: ['', 'f'] },
    ])
    for (let cut = 1; cut < text.length; cut++) {
      expect(await records(text.slice(0, cut), text.slice(cut)), `cut at ${cut}`).toEqual(whole)
    }
  })

  it('skips blank lines and reads a last record with no line break', async () => {
    expect(await records('a\n\n\nb')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ])
  })

  it('names the line of a quoted field left open, and of a stray quote', async () => {
    await expect(records('a\n"open\nstill')).rejects.toThrow('line 2: a quoted field is not closed')
    await expect(records('a\nb"c\n')).rejects.toThrow('line 2: a quote inside an unquoted field')
  })

  it('reads bytes split anywhere, a character across the 64 KiB read boundary included', async () => {
    const name = 'Barking & Dagenham – “Café” €5'
    const padding = 'x'.repeat(65536 - 'id,name\n1,'.length - 1) // '€' starts one byte before the boundary
    const bytes = Buffer.from(`id,name\n1,${padding}€\n2,${name}\n`)
    const chunks = [bytes.subarray(0, 65536), bytes.subarray(65536)]
    expect(await records(...chunks)).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', `${padding}€`] },
      { line: 3, fields: ['2', name] },
    ])
    expect((await records(Buffer.from(`\uFEFF${name}`, 'utf16le')))[0]!.fields).toEqual([name])
  })

  it('names the line of the first byte that is not UTF-8, inside a quoted field or after a line break split between chunks', async () => {
    await expect(records(Buffer.from('a,b\n1,2\n3,Caf\xe9\n', 'latin1'))).rejects.toThrow(
      "line 3: the file is not UTF-8: save it as 'CSV UTF-8'",
    )
    await expect(records(Buffer.from('a,b\n1,"two\nlines \xe9"\n', 'latin1'))).rejects.toThrow(
      'line 3: the file is not UTF-8',
    )
    await expect(records(Buffer.from('a\r'), Buffer.from('\n\xe9', 'latin1'))).rejects.toThrow(
      'line 2: the file is not UTF-8',
    )
    await expect(records(Buffer.from('a\r'), Buffer.from('b\r\xe9', 'latin1'))).rejects.toThrow(
      'line 3: the file is not UTF-8',
    )
  })

  it('refuses a NUL with its line, and a file in UTF-16 without its mark at line 1', async () => {
    await expect(records(Buffer.from('a,b\n1,2\n3,\u0000\n'))).rejects.toThrow('line 3: the file holds a NUL character')
    await expect(records(Buffer.from('a,b\n', 'utf16le'))).rejects.toThrow(
      'line 1: the file looks like UTF-16 without its byte-order mark',
    )
  })

  it('refuses a field or a record larger than any spreadsheet writes, at the line the record starts', async () => {
    await expect(records('a\n"', 'x'.repeat(MAX_FIELD_CHARS), 'x\n')).rejects.toThrow(
      /^line 2: a field of the record starting on this line is longer than 1,048,576 characters: is a quote left open\?/,
    )
    await expect(records('a\n', 'y'.repeat(MAX_FIELD_CHARS + 1))).rejects.toThrow(/^line 2: a field/)
    await expect(records('a\n', ','.repeat(MAX_FIELDS))).rejects.toThrow('line 2: a record has more than 16,384 fields')
    expect((await records('a\n', ','.repeat(MAX_FIELDS - 1)))[1]!.fields).toHaveLength(MAX_FIELDS)
  })

  it('reads a field of many doubled quotes in linear time (it searched the rest of each chunk for line breaks per quote)', async () => {
    const quotes = '""'.repeat(400_000)
    const started = Date.now()
    const [, row] = await records('a\n', `"${quotes.slice(0, 60_000)}`, `${quotes.slice(60_000)}"\n`)
    expect(row!.fields[0]).toHaveLength(400_000)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
