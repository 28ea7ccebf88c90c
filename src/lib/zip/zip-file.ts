/**
 * Reads parts of a zip file on disk through its directory (zip-directory.ts): open it, look up a
 * part by name, read the part. Every read is bounded, so a reader never waits on bytes that will
 * not come: a part's compressed bytes are a fixed range of a regular file, and its content must be
 * exactly as long as the directory says and match its CRC, or the read fails there and then (so a
 * part that inflates beyond its stated size, a zip bomb, is stopped at its first extra chunk).
 */
import { open, type FileHandle } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import zlib from 'node:zlib'
import {
  dataOffset,
  findEnd,
  LOCAL_HEADER_SIZE,
  MAX_TAIL,
  readDirectory,
  readEnd64,
  END64_SIZE,
  ZipError,
  type ZipEntry,
} from './zip-directory.js'

/** More parts than any workbook has (Excel's own have tens; a workbook with many images, a few thousand). */
export const MAX_ZIP_ENTRIES = 20_000
/** The directory of that many parts with long names fits many times over. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024

export class ZipFile {
  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  /** Opens a zip and reads its directory; a ZipError says why it cannot be read. */
  static async open(file: string): Promise<ZipFile> {
    const handle = await open(file, 'r')
    try {
      const stats = await handle.stat()
      if (!stats.isFile()) throw new ZipError('it is not a regular file')
      const size = stats.size
      const tailLength = Math.min(size, MAX_TAIL)
      const tail = await readExactly(handle, size - tailLength, tailLength)
      const found = findEnd(tail, size - tailLength)
      const end =
        found.zip64LocatorAt === null
          ? found.end
          : readEnd64(await readExactly(handle, found.zip64LocatorAt, END64_SIZE), found.zip64LocatorAt)
      if (end.directoryOffset + end.directorySize > end.endOffset) throw new ZipError('its directory is damaged')
      if (end.entries > MAX_ZIP_ENTRIES || end.directorySize > MAX_DIRECTORY_BYTES) {
        throw new ZipError(
          `it has more parts (${end.entries}) than any workbook: the most read is ${MAX_ZIP_ENTRIES.toLocaleString('en-GB')}`,
        )
      }
      const entries = readDirectory(await readExactly(handle, end.directoryOffset, end.directorySize), end)
      return new ZipFile(file, handle, new Map(entries.map((e) => [e.name, e])))
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name)
  }

  /**
   * The part's content, chunk by chunk. Fails (ZipError) as soon as it is longer than the directory
   * says, and at its end if it is shorter or its CRC differs: a damaged part is never read as good.
   */
  async *read(entry: ZipEntry): AsyncGenerator<Buffer> {
    if (entry.flags & 0x1) throw new ZipError('it is encrypted')
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError(
        `its part ${entry.name} is compressed in a way this importer does not read (method ${entry.method})`,
      )
    const start = dataOffset(await readExactly(this.handle, entry.localHeaderOffset, LOCAL_HEADER_SIZE), entry)
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize)
      throw new ZipError(`its part ${entry.name} is damaged`)
    const raw =
      entry.compressedSize === 0 ? null : createReadStream(this.file, { start, end: start + entry.compressedSize - 1 })
    const inflate = entry.method === 8 ? zlib.createInflateRaw() : null
    if (raw && inflate) {
      raw.on('error', (error) => inflate.destroy(error))
      raw.pipe(inflate)
    } else inflate?.end()
    const source: AsyncIterable<Buffer> | Buffer[] = inflate ?? raw ?? []
    let length = 0
    let crc = 0
    try {
      for await (const chunk of source) {
        length += chunk.length
        if (length > entry.uncompressedSize)
          throw new ZipError(`its part ${entry.name} is longer than its directory says (a damaged file, or a zip bomb)`)
        crc = zlib.crc32(chunk, crc)
        yield chunk
      }
    } catch (error) {
      if (error instanceof ZipError) throw error
      const code = (error as NodeJS.ErrnoException).code
      if (code?.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED')
        throw new ZipError(`its part ${entry.name} is damaged (${(error as Error).message})`)
      throw error
    } finally {
      raw?.destroy()
      inflate?.destroy()
    }
    if (length !== entry.uncompressedSize || crc >>> 0 !== entry.crc32)
      throw new ZipError(`its part ${entry.name} is damaged (its content does not match its checksum)`)
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

/** Exactly `length` bytes at `position`; fewer means the file is shorter than its directory says. */
async function readExactly(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done)
    if (bytesRead === 0) throw new ZipError('it ends before its directory says it does', true)
    done += bytesRead
  }
  return buffer
}
