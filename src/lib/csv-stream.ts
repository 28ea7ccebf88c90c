/**
 * RFC 4180 CSV from a stream of bytes (or text), one record at a time, so memory stays flat whatever
 * the file's size. Each record carries the line it starts on: quoted fields may hold line breaks,
 * so a record's number and its line differ, and analysts need the line to find it.
 *
 * Bytes are decoded by text-decode.ts (UTF-8, or UTF-16 by its mark; anything else, and NUL, is
 * refused); its refusals come out here as a CsvSyntaxError on the line the fault is on. The records
 * come from csv-tokenizer.ts, the one CSV reader.
 */
import { decodeText, TextProblem } from './text-decode.js'
import { CsvSyntaxError, CsvTokenizer, type CsvRecord } from './csv-tokenizer.js'

export { CsvSyntaxError, MAX_FIELD_CHARS, MAX_FIELDS, type CsvRecord } from './csv-tokenizer.js'

export async function* readCsvRecords(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord> {
  const tokenizer = new CsvTokenizer()
  const texts = decodeText(chunks)[Symbol.asyncIterator]()
  try {
    for (;;) {
      let next: IteratorResult<string>
      try {
        next = await texts.next()
      } catch (error) {
        // Everything before the fault has been read, so the tokenizer's line is the fault's line.
        if (error instanceof TextProblem) throw new CsvSyntaxError(tokenizer.currentLine, error.message)
        throw error
      }
      if (next.done) break
      yield* tokenizer.push(next.value)
    }
  } finally {
    await texts.return?.(undefined) // stopped early: let go of the file
  }
  yield* tokenizer.finish()
}
