/**
 * Writes zip files byte by byte for tests, including the ones no zip library would write: parts
 * whose directory states the wrong size or checksum (a zip bomb, a damaged part), ZIP64 fields, a
 * comment after the end record. And reads a workbook's parts back out, to rebuild it changed.
 */
import { createRequire } from 'node:module'
import zlib from 'node:zlib'

export interface ZipPart {
  name: string
  data: Buffer | string
  /** 0 stored, 8 deflated (the default). */
  method?: 0 | 8
  /** What the directory says, when it should lie. */
  statedSize?: number
  statedCrc?: number
}

export interface ZipOptions {
  comment?: string
  /** Write sizes and offsets in ZIP64 fields and a ZIP64 end record. */
  zip64?: boolean
}

export function writeZip(parts: ZipPart[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const data = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data)
    const method = part.method ?? 8
    const stored = method === 8 ? zlib.deflateRawSync(data) : data
    const crc = part.statedCrc ?? zlib.crc32(data)
    const size = part.statedSize ?? data.length
    const name = Buffer.from(part.name)
    const zip64Extra = options.zip64 ? extra64(size, stored.length, offset) : Buffer.alloc(0)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(options.zip64 ? 45 : 20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(options.zip64 ? 0xffffffff : stored.length, 18)
    local.writeUInt32LE(options.zip64 ? 0xffffffff : size, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, name, stored)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(options.zip64 ? 45 : 20, 4)
    central.writeUInt16LE(options.zip64 ? 45 : 20, 6)
    central.writeUInt16LE(0x800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc >>> 0, 16)
    central.writeUInt32LE(options.zip64 ? 0xffffffff : stored.length, 20)
    central.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt16LE(zip64Extra.length, 30)
    central.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42)
    centrals.push(central, name, zip64Extra)
    offset += 30 + name.length + stored.length
  }
  const directory = Buffer.concat(centrals)
  const comment = Buffer.from(options.comment ?? '')
  const tail: Buffer[] = []
  if (options.zip64) {
    const end64 = Buffer.alloc(56)
    end64.writeUInt32LE(0x06064b50, 0)
    end64.writeBigUInt64LE(44n, 4)
    end64.writeUInt16LE(45, 12)
    end64.writeUInt16LE(45, 14)
    end64.writeBigUInt64LE(BigInt(parts.length), 24)
    end64.writeBigUInt64LE(BigInt(parts.length), 32)
    end64.writeBigUInt64LE(BigInt(directory.length), 40)
    end64.writeBigUInt64LE(BigInt(offset), 48)
    const locator = Buffer.alloc(20)
    locator.writeUInt32LE(0x07064b50, 0)
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8)
    locator.writeUInt32LE(1, 16)
    tail.push(end64, locator)
  }
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(options.zip64 ? 0xffff : parts.length, 8)
  end.writeUInt16LE(options.zip64 ? 0xffff : parts.length, 10)
  end.writeUInt32LE(options.zip64 ? 0xffffffff : directory.length, 12)
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16)
  end.writeUInt16LE(comment.length, 20)
  return Buffer.concat([...locals, directory, ...tail, end, comment])
}

function extra64(size: number, compressed: number, offset: number): Buffer {
  const extra = Buffer.alloc(4 + 24)
  extra.writeUInt16LE(0x0001, 0)
  extra.writeUInt16LE(24, 2)
  extra.writeBigUInt64LE(BigInt(size), 4)
  extra.writeBigUInt64LE(BigInt(compressed), 12)
  extra.writeBigUInt64LE(BigInt(offset), 20)
  return extra
}

// The zip library exceljs itself uses, to read a workbook's parts back.
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as {
  loadAsync(
    data: Buffer,
  ): Promise<{ files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }> }>
}

/** A zip's parts, in their order in the file. */
export async function readParts(zip: Buffer): Promise<ZipPart[]> {
  const files = (await JSZip.loadAsync(zip)).files
  const parts: ZipPart[] = []
  for (const [name, file] of Object.entries(files))
    if (!file.dir) parts.push({ name, data: await file.async('nodebuffer') })
  return parts
}

const WORKBOOK_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
const RELS_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'

/** A worksheet's XML around rows written as `<row>` elements. */
export const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`

/** A shared-string table's XML around `<si>` elements. */
export const sharedStringsXml = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${items}</sst>`

/**
 * The smallest workbook Excel's readers accept: one sheet, "Data", from the XML given, and a
 * shared-string table when given; each part as `part` (method, stated size) says.
 */
export function minimalWorkbook(
  sheet: string,
  options: {
    sharedStrings?: string
    part?: Partial<Record<string, Omit<ZipPart, 'name' | 'data'>>>
    zip?: ZipOptions
  } = {},
): Buffer {
  const parts: ZipPart[] = [
    { name: 'xl/workbook.xml', data: WORKBOOK_XML },
    { name: 'xl/_rels/workbook.xml.rels', data: RELS_XML },
    ...(options.sharedStrings === undefined ? [] : [{ name: 'xl/sharedStrings.xml', data: options.sharedStrings }]),
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]
  return writeZip(
    parts.map((p) => ({ ...p, ...options.part?.[p.name] })),
    options.zip,
  )
}
