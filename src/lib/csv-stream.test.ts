import { describe, expect, it } from 'vitest'
import { readCsvRecords } from './csv-stream.js'

async function records(...chunks: string[]) {
  const out = []
  for await (const r of readCsvRecords((async function* () { yield* chunks })())) out.push(r)
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
})
