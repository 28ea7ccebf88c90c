/**
 * RFC 4180 CSV from a stream of text chunks, one record at a time, so memory stays flat whatever
 * the file's size. Each record carries the line it starts on: quoted fields may hold line breaks,
 * so a record's number and its line differ, and analysts need the line to find it.
 */
export interface CsvRecord {
  line: number
  fields: string[]
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
  }
}

const SPECIAL = /[",\r\n]/g

export async function* readCsvRecords(
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): AsyncGenerator<CsvRecord> {
  let field = ''
  let fields: string[] = []
  let inQuotes = false
  let pendingQuote = false // in a quoted field, a quote that closes it unless another follows
  let line = 1
  let recordLine = 1
  let empty = true // nothing read yet of the current record
  let afterCr = false // the last chunk ended with \r: a \n starting the next is the same line break
  let first = true

  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    if (first) {
      text = text.replace(/^\uFEFF/, '') // a byte-order mark from Excel
      first = false
    }
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
        for (let k = text.indexOf('\n', i); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) line++
        field += text.slice(i, end)
        if (quote >= 0) pendingQuote = true
        i = end + (quote >= 0 ? 1 : 0)
        continue
      }
      SPECIAL.lastIndex = i
      const match = SPECIAL.exec(text)
      const at = match ? match.index : text.length
      if (at > i) {
        field += text.slice(i, at)
        empty = false
      }
      if (!match) break
      const ch = text[at]!
      i = at + 1
      if (ch === ',') {
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
  if (inQuotes && !pendingQuote) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed before the end of the file')
  if (!empty) {
    fields.push(field)
    yield { line: recordLine, fields }
  }
}
