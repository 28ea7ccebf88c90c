/**
 * Bytes to text for every file an import reads, refusing what would otherwise be stored as
 * corrupted text without a word. Why it exists: `chunk.toString('utf8')` on each 64 KiB read turns
 * a character split between two reads into three U+FFFD, reads Latin-1 (Excel's "CSV" on Windows)
 * as garbage, and lets NUL bytes through to PostgreSQL, which fails with no line.
 *
 * The encoding is told by the byte-order mark: UTF-8 with or without one; UTF-16 LE or BE with one
 * (decoded: other tools save "Unicode" CSV so). Anything else must be valid UTF-8. A character
 * split between chunks is held back until its last byte arrives. The first fault (bytes that are
 * not UTF-8, a NUL, UTF-32, UTF-16 without its mark) ends the text: everything valid before it is
 * given first, then a TextProblem is thrown. It carries no line: the reader that counts lines (the
 * CSV parser) has by then read everything before the fault, so the line it is on is the fault's.
 */

export class TextProblem extends Error {}

export const NOT_UTF8 = "the file is not UTF-8: save it as 'CSV UTF-8'"
export const HAS_NUL =
  "the file holds a NUL character (a zero byte), which a text file never does: it is damaged, or not a CSV file; save it as 'CSV UTF-8'"
const UTF32 = "the file is UTF-32, which is not read here: save it as 'CSV UTF-8'"
const UTF16_NO_BOM = "the file looks like UTF-16 without its byte-order mark: save it as 'CSV UTF-8'"
const BAD_UTF16 = "the file is not valid UTF-16: save it as 'CSV UTF-8'"

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be'

/** The text of a stream of bytes (or of text already decoded, which is only checked). */
export async function* decodeText(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<string> {
  let head: Uint8Array | null = new Uint8Array(0) // the first bytes, held until the encoding is known
  let decoder: ChunkDecoder | null = null
  let firstText = true
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      const text = firstText ? chunk.replace(/^\uFEFF/, '') : chunk
      firstText = false
      yield* checked(text)
      continue
    }
    let bytes: Uint8Array = chunk
    if (head) {
      head = concat(head, bytes)
      if (head.length < 4) continue
      const found = detect(head)
      decoder = new ChunkDecoder(found.encoding)
      bytes = head.subarray(found.bom)
      head = null
    }
    yield* checked(decoder!.decode(bytes))
    const fault = decoder!.fault
    if (fault) throw new TextProblem(fault)
  }
  if (head) {
    // A file shorter than four bytes.
    const found = detect(head)
    decoder = new ChunkDecoder(found.encoding)
    yield* checked(decoder.decode(head.subarray(found.bom)))
  }
  if (decoder) {
    yield* checked(decoder.end())
    if (decoder.fault) throw new TextProblem(decoder.fault)
  }
}

/** Text up to a NUL, then the refusal. */
function* checked(text: string): Generator<string> {
  const nul = text.indexOf('\0')
  if (nul < 0) {
    if (text) yield text
    return
  }
  if (nul > 0) yield text.slice(0, nul)
  throw new TextProblem(HAS_NUL)
}

/** The encoding a file's first bytes show, and the length of its byte-order mark. */
export function detect(head: Uint8Array): { encoding: Encoding; bom: number } {
  const [a, b, c, d] = head
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 }
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff))
    throw new TextProblem(UTF32)
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 }
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 }
  // Two ASCII characters in UTF-16 without a mark: a zero byte beside each.
  if (head.length >= 4 && a && !b && c && !d) throw new TextProblem(UTF16_NO_BOM)
  if (head.length >= 4 && !a && b && !c && d) throw new TextProblem(UTF16_NO_BOM)
  return { encoding: 'utf-8', bom: 0 }
}

/**
 * Decodes chunk by chunk, holding back the bytes of a character not yet complete (the streaming
 * that TextDecoder's `stream: true` does, kept here so the first bad byte can be found exactly).
 * After a fault `decode` gives the valid text before it and `fault` says what is wrong.
 */
class ChunkDecoder {
  private readonly decoder: TextDecoder
  private carry = new Uint8Array(0)
  fault: string | null = null

  constructor(private readonly encoding: Encoding) {
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
  }

  decode(chunk: Uint8Array): string {
    const bytes = this.carry.length ? concat(this.carry, chunk) : chunk
    const whole = bytes.length - this.incomplete(bytes)
    this.carry = bytes.slice(whole)
    return this.complete(bytes.subarray(0, whole))
  }

  /** The end of the file: a character left incomplete is a fault. */
  end(): string {
    if (!this.carry.length) return ''
    this.fault = this.encoding === 'utf-8' ? NOT_UTF8 : BAD_UTF16
    return ''
  }

  private complete(bytes: Uint8Array): string {
    try {
      return this.decoder.decode(bytes)
    } catch {
      const bad =
        this.encoding === 'utf-8' ? firstInvalidUtf8(bytes) : firstInvalidUtf16(bytes, this.encoding === 'utf-16le')
      this.fault = this.encoding === 'utf-8' ? NOT_UTF8 : BAD_UTF16
      return new TextDecoder(this.encoding, { ignoreBOM: true }).decode(bytes.subarray(0, Math.max(0, bad)))
    }
  }

  /** How many bytes at the end begin a character that the next chunk completes. */
  private incomplete(bytes: Uint8Array): number {
    if (this.encoding === 'utf-8') return incompleteUtf8(bytes)
    const odd = bytes.length % 2
    if (bytes.length - odd < 2) return odd
    const i = bytes.length - odd - 2
    const unit = this.encoding === 'utf-16le' ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!
    return odd + (unit >= 0xd800 && unit <= 0xdbff ? 2 : 0) // a high surrogate waits for its low one
  }
}

/** The length of a UTF-8 sequence a lead byte begins (0: not a lead byte). */
const sequenceLength = (b: number) =>
  b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0

export function incompleteUtf8(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!
    if (b < 0x80) return 0
    if (b >= 0xc0) {
      const length = sequenceLength(b)
      return length > back ? back : 0
    }
  }
  return 0
}

/** Where the first byte that is not part of valid UTF-8 is (by the WHATWG rules TextDecoder keeps); -1 if none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const length = sequenceLength(b)
    if (length === 0) return i
    let lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80
    let hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]
      if (c === undefined || c < lo || c > hi) return i
      lo = 0x80
      hi = 0xbf
    }
    i += length
  }
  return -1
}

/** Where the first unpaired surrogate is, as a byte offset; -1 if none. */
function firstInvalidUtf16(bytes: Uint8Array, littleEndian: boolean): number {
  const unit = (i: number) => (littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!)
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const u = unit(i)
    if (u >= 0xdc00 && u <= 0xdfff) return i
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= bytes.length) return i
      const next = unit(i + 2)
      if (next < 0xdc00 || next > 0xdfff) return i
      i += 2
    }
  }
  return -1
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
