/**
 * The OHID Fingertips "all data" export's 26 columns, in their order (as in the real export kept in
 * ../shared/reference/fingertips), and the writing of one line, for the synthetic benchmark files. The column list is the one src/modules/open-data/downloads.ts
 * already keeps (checked there against the real export).
 */
import { createWriteStream } from 'node:fs'
import { FINGERTIPS_COLUMNS } from '../../src/modules/open-data/downloads.js'

/** The export's columns: the same list our own Fingertips-layout download writes. */
export const FINGERTIPS_HEADER = FINGERTIPS_COLUMNS

/** A CSV field, quoted only when it must be. */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A file written line by line, in chunks, waiting when the disk falls behind. */
export function lineWriter(file: string) {
  const out = createWriteStream(file)
  let pending: string[] = []
  const flush = () => {
    const text = pending.join('')
    pending = []
    return out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))
  }
  return {
    async line(text: string) {
      pending.push(text + '\n')
      if (pending.length >= 2000) await flush()
    },
    async end() {
      await flush()
      await new Promise<void>((resolve) => out.end(resolve))
    },
  }
}
