/** Bytes to text: encodings told by their mark, characters split between chunks kept whole, and every fault refused after the text before it. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { runSettings } from '../../test/helpers/random.js'
import { decodeText, firstInvalidUtf8, HAS_NUL, incompleteUtf8, NOT_UTF8, TextProblem } from './text-decode.js'

/** The text given before a fault, and the fault's message (null when none). */
async function decode(...chunks: (Uint8Array | string)[]): Promise<{ text: string; fault: string | null }> {
  let text = ''
  try {
    for await (const t of decodeText(chunks)) text += t
    return { text, fault: null }
  } catch (error) {
    if (!(error instanceof TextProblem)) throw error
    return { text, fault: error.message }
  }
}

const utf16 = (text: string, bigEndian: boolean) => {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le')
  if (bigEndian) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]
  return le
}

/** Every way of cutting the bytes in two. */
const everyCut = (bytes: Uint8Array) =>
  Array.from({ length: bytes.length - 1 }, (_, i) => [bytes.subarray(0, i + 1), bytes.subarray(i + 1)])

describe('decodeText', () => {
  const text = 'area,name\nE09000002,Barking & Dagenham – “Café” €5 😀\n'

  it('reads UTF-8 with or without its byte-order mark, and text given as text', async () => {
    expect(await decode(Buffer.from(text))).toEqual({ text, fault: null })
    expect(await decode(Buffer.from(`\uFEFF${text}`))).toEqual({ text, fault: null })
    expect(await decode(`\uFEFF${text}`)).toEqual({ text, fault: null })
    expect(await decode(Buffer.from('ab'))).toEqual({ text: 'ab', fault: null })
    expect(await decode()).toEqual({ text: '', fault: null })
  })

  it('keeps a character whole wherever the chunks split it (never three U+FFFD)', async () => {
    for (const bytes of [Buffer.from(text), Buffer.from(`\uFEFF${text}`), utf16(text, false), utf16(text, true)]) {
      for (const [a, b] of everyCut(bytes)) expect((await decode(a!, b!)).text).toBe(text)
      // One byte at a time.
      expect((await decode(...Array.from(bytes, (b) => Uint8Array.of(b)))).text).toBe(text)
    }
  })

  it('decodes UTF-16, little- or big-endian, by its byte-order mark', async () => {
    expect(await decode(utf16(text, false))).toEqual({ text, fault: null })
    expect(await decode(utf16(text, true))).toEqual({ text, fault: null })
  })

  it('refuses bytes that are not UTF-8 (Latin-1, Windows-1252), after the text before them', async () => {
    const latin1 = Buffer.from('a,b\nCaf\xe9,1\n', 'latin1')
    expect(await decode(latin1)).toEqual({ text: 'a,b\nCaf', fault: NOT_UTF8 })
    expect(NOT_UTF8).toBe("the file is not UTF-8: save it as 'CSV UTF-8'")
    // The same fault found wherever the chunks split the file.
    for (const [a, b] of everyCut(latin1)) expect(await decode(a!, b!)).toEqual({ text: 'a,b\nCaf', fault: NOT_UTF8 })
  })

  it('refuses a character cut short at the end of the file, overlong forms and surrogates', async () => {
    expect(await decode(Buffer.from([0x61, 0xe2, 0x82]))).toEqual({ text: 'a', fault: NOT_UTF8 })
    expect(await decode(Buffer.from([0x61, 0x62, 0xc0, 0xaf]))).toEqual({ text: 'ab', fault: NOT_UTF8 })
    expect(await decode(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toEqual({ text: 'ab', fault: NOT_UTF8 })
  })

  it('refuses a NUL, after the text before it', async () => {
    expect(await decode(Buffer.from('a,b\n1\u00002\n'))).toEqual({ text: 'a,b\n1', fault: HAS_NUL })
    expect(await decode('a\u0000')).toEqual({ text: 'a', fault: HAS_NUL })
  })

  it('refuses UTF-32, UTF-16 without its mark, and UTF-16 with an unpaired surrogate', async () => {
    expect((await decode(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).fault).toMatch(/UTF-32/)
    expect((await decode(Buffer.from('area,value\n', 'utf16le'))).fault).toMatch(/UTF-16 without its byte-order mark/)
    const lone = Buffer.concat([utf16('ab', false), Buffer.from([0x00, 0xd8, 0x63, 0x00])])
    expect(await decode(lone)).toEqual({ text: 'ab', fault: expect.stringMatching(/not valid UTF-16/) })
  })
})

describe('firstInvalidUtf8 and incompleteUtf8', () => {
  it('agree with TextDecoder on random bytes: valid exactly when it decodes, valid up to the first bad byte', async () => {
    const fatal = new TextDecoder('utf-8', { fatal: true })
    // Mostly valid text with a few random bytes, so both sides of the line are tried.
    const part = fc.oneof(
      {
        arbitrary: fc.constantFrom('a', 'é', '€', '😀', '\n', 'xyz').map((t) => new Uint8Array(Buffer.from(t))),
        weight: 7,
      },
      { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 3 }), weight: 3 },
    )
    const texts = fc.array(part, { maxLength: 6 }).map((parts) => new Uint8Array(Buffer.concat(parts)))
    fc.assert(
      fc.property(texts, (bytes) => {
        const bad = firstInvalidUtf8(bytes)
        let valid = true
        try {
          fatal.decode(bytes)
        } catch {
          valid = false
        }
        expect(bad === -1).toBe(valid)
        if (bad >= 0) expect(() => fatal.decode(bytes.subarray(0, bad))).not.toThrow()
        const held = incompleteUtf8(bytes)
        if (valid) expect(held).toBe(0)
      }),
      runSettings(2000, true),
    )
  })
})
