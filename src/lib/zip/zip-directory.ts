/**
 * A zip file's table of contents, read from bytes: the end record and the central directory at the
 * file's end, and each entry's local header. Pure (zip-file.ts does the reading). Why our own: an
 * .xlsx is a zip, and reading one as a stream from its start (unzipper, as exceljs does) cannot
 * tell a file cut short from one still arriving, so a truncated workbook hung the import for ever.
 * The directory at the end says where every part is and how long it is before anything is
 * inflated: a file without it is incomplete, and a part is read exactly as long as it says it is.
 * See docs/decisions/0007-own-zip-directory-reader.md.
 */

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated; others are refused when read. */
  method: number
  flags: number
  crc32: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

/** The directory's place, from the end record. */
export interface ZipEnd {
  entries: number
  directoryOffset: number
  directorySize: number
  /** Where the end record (or the ZIP64 end record) starts: the entries' data all lie before it. */
  endOffset: number
}

/** Why a zip cannot be read, in words; `incomplete` when its end is missing (a file cut short). */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly incomplete = false,
  ) {
    super(message)
  }
}

const END = 0x06054b50
const END64 = 0x06064b50
const END64_LOCATOR = 0x07064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
export const END_SIZE = 22
export const END64_SIZE = 56
export const LOCAL_HEADER_SIZE = 30
/** The end record with the longest comment a zip can have. */
export const MAX_TAIL = END_SIZE + 0xffff

/**
 * Finds the end record in the file's last bytes (`tail`, which starts at `tailOffset`). Its comment
 * must run exactly to the end of the file: a record found anywhere else is bytes of a part that
 * happen to look like one, in a file whose own end is missing.
 */
export function findEnd(tail: Uint8Array, tailOffset: number): { end: ZipEnd; zip64LocatorAt: number | null } {
  const view = dataView(tail)
  for (let at = tail.length - END_SIZE; at >= 0; at--) {
    if (view.getUint32(at, true) !== END) continue
    const commentLength = view.getUint16(at + 20, true)
    if (at + END_SIZE + commentLength !== tail.length) continue
    if (view.getUint16(at + 4, true) !== 0 || view.getUint16(at + 6, true) !== 0)
      throw new ZipError('it is split across several files (a multi-part zip)')
    const end: ZipEnd = {
      entries: view.getUint16(at + 10, true),
      directorySize: view.getUint32(at + 12, true),
      directoryOffset: view.getUint32(at + 16, true),
      endOffset: tailOffset + at,
    }
    const zip64 = end.entries === 0xffff || end.directorySize === 0xffffffff || end.directoryOffset === 0xffffffff
    const locatorAt = at - 20
    if (zip64 || (locatorAt >= 0 && view.getUint32(locatorAt, true) === END64_LOCATOR)) {
      if (locatorAt < 0 || view.getUint32(locatorAt, true) !== END64_LOCATOR)
        throw new ZipError('its ZIP64 end record is missing')
      return { end, zip64LocatorAt: safe(view.getBigUint64(locatorAt + 8, true)) }
    }
    return { end, zip64LocatorAt: null }
  }
  throw new ZipError('its end (the zip directory) is missing', true)
}

/** The ZIP64 end record (at the offset the locator gave), for a zip too large for the plain one. */
export function readEnd64(bytes: Uint8Array, offset: number): ZipEnd {
  const view = dataView(bytes)
  if (bytes.length < END64_SIZE || view.getUint32(0, true) !== END64)
    throw new ZipError('its ZIP64 end record is damaged')
  return {
    entries: safe(view.getBigUint64(32, true)),
    directorySize: safe(view.getBigUint64(40, true)),
    directoryOffset: safe(view.getBigUint64(48, true)),
    endOffset: offset,
  }
}

/** The directory's entries; every one must lie before the directory and be named once. */
export function readDirectory(bytes: Uint8Array, end: ZipEnd): ZipEntry[] {
  const view = dataView(bytes)
  const entries: ZipEntry[] = []
  const names = new Set<string>()
  let at = 0
  for (let i = 0; i < end.entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw new ZipError('its directory is damaged')
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const next = at + 46 + nameLength + extraLength + commentLength
    if (next > bytes.length) throw new ZipError('its directory is damaged')
    const flags = view.getUint16(at + 8, true)
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength)
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes)
    const entry: ZipEntry = {
      name,
      flags,
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    }
    readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry)
    if (entry.localHeaderOffset + LOCAL_HEADER_SIZE + entry.compressedSize > end.directoryOffset) {
      throw new ZipError(`its part ${name} lies beyond the end of its data`)
    }
    if (names.has(name)) throw new ZipError(`it holds two parts named ${name}`)
    names.add(name)
    entries.push(entry)
    at = next
  }
  return entries
}

/** Where an entry's data starts, from its local header (read at `localHeaderOffset`). */
export function dataOffset(header: Uint8Array, entry: ZipEntry): number {
  const view = dataView(header)
  if (header.length < LOCAL_HEADER_SIZE || view.getUint32(0, true) !== LOCAL)
    throw new ZipError(`its part ${entry.name} is damaged`)
  return entry.localHeaderOffset + LOCAL_HEADER_SIZE + view.getUint16(26, true) + view.getUint16(28, true)
}

/** Sizes and offset too large for 32 bits are in the ZIP64 extra field, in this order, each only if its 32-bit field is full. */
function readZip64Extra(extra: Uint8Array, entry: ZipEntry) {
  const view = dataView(extra)
  for (let at = 0; at + 4 <= extra.length;) {
    const id = view.getUint16(at, true)
    const size = view.getUint16(at + 2, true)
    if (id === 0x0001) {
      let field = at + 4
      const next = () => {
        if (field + 8 > at + 4 + size || field + 8 > extra.length)
          throw new ZipError(`its part ${entry.name} has a damaged ZIP64 field`)
        const value = safe(view.getBigUint64(field, true))
        field += 8
        return value
      }
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next()
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next()
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next()
      return
    }
    at += 4 + size
  }
}

function safe(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('it gives a size larger than any file')
  return Number(n)
}

const dataView = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
