/** Zip parts read through the directory: exactly as long as it says, checked by CRC; a file cut short refused at once. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { writeZip, type ZipPart, type ZipOptions } from '../../../test/helpers/zip-bytes.js'
import { ZipError } from './zip-directory.js'
import { ZipFile } from './zip-file.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'zip-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const save = (bytes: Buffer) => {
  const file = path.join(dir, `${++n}.zip`)
  writeFileSync(file, bytes)
  return file
}

async function readAll(bytes: Buffer, name: string): Promise<string> {
  const zip = await ZipFile.open(save(bytes))
  try {
    const chunks: Buffer[] = []
    for await (const chunk of zip.read(zip.entry(name)!)) chunks.push(chunk)
    return Buffer.concat(chunks).toString()
  } finally {
    await zip.close()
  }
}

async function failure(promise: Promise<unknown>): Promise<ZipError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ZipError)
    return error as ZipError
  }
  throw new Error('expected a ZipError')
}

const parts: ZipPart[] = [
  { name: 'a.xml', data: '<a>first</a>' },
  { name: 'dir/b.xml', data: '<b>' + 'second '.repeat(5000) + '</b>', method: 8 },
  { name: 'c.txt', data: 'stored', method: 0 },
  { name: 'empty', data: '', method: 0 },
]

describe('ZipFile', () => {
  it.each<[string, ZipOptions]>([
    ['plain', {}],
    ['with a comment after the end record', { comment: 'PK\u0005\u0006 looks like an end record but is not' }],
    ['in ZIP64 form', { zip64: true }],
  ])('reads every part of a zip %s, stored or deflated, by name', async (_, options) => {
    const bytes = writeZip(parts, options)
    for (const part of parts) expect(await readAll(bytes, part.name)).toBe(part.data)
    const zip = await ZipFile.open(save(bytes))
    expect([...zip.entries.keys()]).toEqual(parts.map((p) => p.name))
    await zip.close()
  })

  it('refuses a file cut short at any point as incomplete, at once', async () => {
    const bytes = writeZip(parts)
    for (let cut = 0; cut < bytes.length; cut += 97) {
      const error = await failure(ZipFile.open(save(bytes.subarray(0, cut))))
      expect(error.incomplete, `cut at ${cut}`).toBe(true)
    }
  })

  it('stops a part that inflates beyond the size its directory states (a zip bomb) at its first extra chunk', async () => {
    const bomb = Buffer.alloc(50 * 1024 * 1024) // 50 MB of zeros: about 50 KB deflated
    const bytes = writeZip([{ name: 'xl/sharedStrings.xml', data: bomb, statedSize: 1000 }])
    const zip = await ZipFile.open(save(bytes))
    let read = 0
    const error = await failure(
      (async () => {
        for await (const chunk of zip.read(zip.entry('xl/sharedStrings.xml')!)) read += chunk.length
      })(),
    )
    await zip.close()
    expect(error.message).toBe(
      'its part xl/sharedStrings.xml is longer than its directory says (a damaged file, or a zip bomb)',
    )
    expect(read).toBeLessThanOrEqual(1000)
  })

  it('refuses a part shorter than stated, or whose content does not match its CRC', async () => {
    const short = writeZip([{ name: 'a', data: 'abc', statedSize: 10 }])
    expect((await failure(readAll(short, 'a'))).message).toMatch(/^its part a is damaged/)
    const crc = writeZip([{ name: 'a', data: 'abc', statedCrc: zlib.crc32('abd') }])
    expect((await failure(readAll(crc, 'a'))).message).toBe(
      'its part a is damaged (its content does not match its checksum)',
    )
  })

  it('refuses deflated data that is damaged, two parts of one name, and a part beyond the data', async () => {
    const bytes = writeZip([{ name: 'a', data: 'x'.repeat(1000) }])
    const damaged = Buffer.from(bytes)
    damaged[30 + 1] = 0xff // the first bytes of the deflated data
    damaged[30 + 2] = 0xff
    expect((await failure(readAll(damaged, 'a'))).message).toMatch(/^its part a is damaged/)
    const twice = save(
      writeZip([
        { name: 'a', data: '1' },
        { name: 'a', data: '2' },
      ]),
    )
    expect((await failure(ZipFile.open(twice))).message).toBe('it holds two parts named a')
    const beyond = writeZip([{ name: 'a', data: 'abc', method: 0 }])
    beyond.writeUInt32LE(0xfff0, beyond.length - 22 - (46 + 1) + 20) // the directory's compressed size of part a
    expect((await failure(ZipFile.open(save(beyond)))).message).toBe('its part a lies beyond the end of its data')
  })

  it('is not fooled by bytes that look like an end record in a file whose own end is missing', async () => {
    const bytes = writeZip([{ name: 'a', data: 'PK\u0005\u0006' + '\u0000'.repeat(18) + 'tail', method: 0 }])
    const error = await failure(ZipFile.open(save(bytes.subarray(0, 30 + 1 + 22 + 4))))
    expect(error.incomplete).toBe(true)
  })
})
