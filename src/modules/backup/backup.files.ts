/**
 * An export file's lines, streamed both ways so memory stays flat however large the database:
 * written through gzip when the name ends .gz (to a .partial file, renamed only when complete), and
 * read back gzipped or plain (told apart by gzip's magic bytes, not the name), one line at a time.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { createGunzip, createGzip } from 'node:zlib'
import { ExportRefused, truncatedMessage } from './backup.format.js'

export interface ExportLine {
  number: number
  text: string
  /** False for a last line with no newline after it. */
  terminated: boolean
}

export interface LineWriter {
  write(line: string): Promise<void>
  /** Finishes the file and gives it its name. */
  close(): Promise<void>
  /** Removes what was written. */
  abandon(): Promise<void>
}

const CHUNK = 256 * 1024

/** Lines go out in chunks of about 256 KiB, waiting whenever the stream asks. */
export function writeExportFile(file: string): LineWriter {
  const partial = `${file}.partial`
  const out = createWriteStream(partial, { flags: 'wx' })
  const gzip = /\.gz$/i.test(file) ? createGzip() : null
  const head: Writable = gzip ?? out
  const done = gzip ? pipeline(gzip, out) : once(out, 'finish').then(() => undefined)
  done.catch(() => {}) // awaited in close(); an early failure must not go unheard meanwhile
  let buffered: string[] = []
  let size = 0
  const flush = async () => {
    if (!buffered.length) return
    const text = buffered.join('')
    buffered = []
    size = 0
    if (!head.write(text)) await Promise.race([once(head, 'drain'), done])
  }
  return {
    async write(line) {
      buffered.push(line, '\n')
      size += line.length + 1
      if (size >= CHUNK) await flush()
    },
    async close() {
      await flush()
      head.end()
      await done
      await rename(partial, file)
    },
    async abandon() {
      head.destroy()
      await done.catch(() => {})
      await rm(partial, { force: true })
    },
  }
}

/** True when the file starts with gzip's magic bytes. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0)
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b
  } finally {
    await handle.close()
  }
}

/** The file's lines; a gzip stream cut short or damaged is refused naming the line it stops at. */
export async function* readExportFile(file: string): AsyncGenerator<ExportLine> {
  const raw = createReadStream(file)
  if (!(await isGzip(file))) {
    yield* splitLines(raw)
    return
  }
  const gunzip = createGunzip()
  raw.on('error', (error) => gunzip.destroy(error))
  let last = 0
  try {
    for await (const line of splitLines(raw.pipe(gunzip))) {
      last = line.number
      yield line
    }
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'Z_BUF_ERROR') throw new ExportRefused(truncatedMessage(last + 1))
    if (code?.startsWith('Z_'))
      throw new ExportRefused(
        `line ${last + 1}: the compressed file is damaged from here on (${(error as Error).message})`,
      )
    throw error
  } finally {
    raw.destroy()
  }
}

/** Splits bytes at each newline (which never occurs inside a UTF-8 character), then decodes. */
export async function* splitLines(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<ExportLine> {
  let pending: Buffer[] = []
  let number = 0
  const text = (parts: Buffer[]) => Buffer.concat(parts).toString('utf8').replace(/\r$/, '')
  for await (const piece of chunks) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
    let start = 0
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, start)) {
      pending.push(chunk.subarray(start, at))
      yield { number: ++number, text: text(pending), terminated: true }
      pending = []
      start = at + 1
    }
    if (start < chunk.length) pending.push(chunk.subarray(start))
  }
  if (pending.some((b) => b.length > 0)) yield { number: number + 1, text: text(pending), terminated: false }
}
