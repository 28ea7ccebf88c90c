/**
 * RFC 4180 CSV from a stream of bytes (or text), one record at a time, so memory stays flat whatever
 * the file's size. Each record carries the line it starts on: quoted fields may hold line breaks,
 * so a record's number and its line differ, and analysts need the line to find it.
 *
 * Bytes are decoded by text-decode.ts (UTF-8, or UTF-16 by its mark; anything else, and NUL, is
 * refused); its refusals come out here as a CsvSyntaxError on the line the fault is on. A field or
 * a record beyond what any spreadsheet writes is refused too, so a quote left open in a large file
 * is reported at once instead of the rest of the file being read into one field.
 */
import { FileProblem } from './file-problem.js'
import { decodeText, TextProblem } from './text-decode.js'

export interface CsvRecord {
  line: number
  fields: string[]
}

export class CsvSyntaxError extends FileProblem {
  constructor(
    override readonly line: number,
    reason: string,
  ) {
    super(line, reason, `line ${line}: ${reason}`)
  }
}

/** The most characters one field may hold: Excel's cells hold 32,767, so this is far beyond any real one. */
export const MAX_FIELD_CHARS = 1_048_576
/** The most fields one record may have: Excel's own limit on columns. */
export const MAX_FIELDS = 16_384

const SPECIAL = /[",\r\n]/g

export async function* readCsvRecords(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord> {
  let field = ''
  let fields: string[] = []
  let inQuotes = false
  let pendingQuote = false // in a quoted field, a quote that closes it unless another follows
  let line = 1
  let recordLine = 1
  let empty = true // nothing read yet of the current record
  let afterCr = false // the last chunk ended with \r: a \n starting the next is the same line break
  const texts = decodeText(chunks)[Symbol.asyncIterator]()
  const tooLong = () => {
    throw new CsvSyntaxError(recordLine, `a field of the record starting on this line is longer than ${MAX_FIELD_CHARS.toLocaleString('en-GB')} characters: is a quote left open?`)
  }

  try {
    for (;;) {
      let next: IteratorResult<string>
      try {
        next = await texts.next()
      } catch (error) {
        // Everything before the fault has been read, so `line` is the fault's line.
        if (error instanceof TextProblem) throw new CsvSyntaxError(line, error.message)
        throw error
      }
      if (next.done) break
      const text = next.value
      let i = 0
      if (afterCr && text[0] === '\n') i = 1
      afterCr = false
      while (i < text.length) {
        if (pendingQuote) {
          pendingQuote = false
          if (text[i] === '"') {
            field += '"'
            i++
            continue
          }
          inQuotes = false
        }
        if (inQuotes) {
          const quote = text.indexOf('"', i)
          const end = quote < 0 ? text.length : quote
          if (end > i) {
            // Line breaks counted in this stretch alone: searching past it made doubled quotes quadratic.
            const part = text.slice(i, end)
            for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) line++
            field += part
            if (field.length > MAX_FIELD_CHARS) tooLong()
          }
          if (quote >= 0) pendingQuote = true
          i = end + (quote >= 0 ? 1 : 0)
          continue
        }
        SPECIAL.lastIndex = i
        const match = SPECIAL.exec(text)
        const at = match ? match.index : text.length
        if (at > i) {
          field += text.slice(i, at)
          if (field.length > MAX_FIELD_CHARS) tooLong()
          empty = false
        }
        if (!match) break
        const ch = text[at]!
        i = at + 1
        if (ch === ',') {
          if (fields.length >= MAX_FIELDS - 1) throw new CsvSyntaxError(recordLine, `a record has more than ${MAX_FIELDS.toLocaleString('en-GB')} fields, more columns than a spreadsheet has`)
          fields.push(field)
          field = ''
          empty = false
        } else if (ch === '"') {
          if (field !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field: quote the whole field and double the quote ("")')
          inQuotes = true
          empty = false
        } else {
          if (ch === '\r' && text[i] === '\n') i++
          else if (ch === '\r' && i === text.length) afterCr = true
          if (!empty) {
            fields.push(field)
            yield { line: recordLine, fields }
          }
          fields = []
          field = ''
          empty = true
          line++
          recordLine = line
        }
      }
    }
  } finally {
    await texts.return?.(undefined) // stopped early: let go of the file
  }
  if (inQuotes && !pendingQuote) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed before the end of the file')
  if (!empty) {
    fields.push(field)
    yield { line: recordLine, fields }
  }
}
