/** The XML guard: real workbook XML passes, split anywhere; what would exhaust a parser's memory, or stop half way, does not. */
import { describe, expect, it } from 'vitest'
import { XmlGuard, XmlGuardError } from './xml-guard.js'

function check(xml: string | Buffer, chunks = 1, maxToken = 1000, maxDepth = 8): string | null {
  const bytes = Buffer.isBuffer(xml) ? xml : Buffer.from(xml)
  const guard = new XmlGuard(maxToken, maxDepth)
  try {
    const size = Math.ceil(bytes.length / chunks)
    for (let i = 0; i < bytes.length; i += size) guard.write(bytes.subarray(i, i + size))
    guard.end()
    return null
  } catch (error) {
    if (error instanceof XmlGuardError) return error.message
    throw error
  }
}

const sheet =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<!-- a comment with <tags> --><sheetData><row r="1"><c r="A1" t="s" s="2"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a &gt; b &amp; "c"</t></is></c></row>' +
  '<row r="2"/><row r="3"><c r="A3" a="x>y" b=\'/\'><v>1.5</v></c></row></sheetData><x><![CDATA[ <not a tag> ]]></x></worksheet>'

describe('XmlGuard', () => {
  it('passes workbook XML however it is split, comments, CDATA, quoted ">" and self-closed elements included', () => {
    for (let chunks = 1; chunks <= sheet.length; chunks += 7)
      expect(check(sheet, chunks), `${chunks} chunks`).toBeNull()
  })

  it('refuses a text or tag longer than the limit, wherever it is', () => {
    expect(check(`<a>${'x'.repeat(1001)}</a>`)).toMatch(/longer than 1,000 bytes/)
    expect(check(`<a>${'x'.repeat(1001)}</a>`, 50)).toMatch(/longer than 1,000 bytes/)
    expect(check(`<a b="${'x'.repeat(1001)}"/>`)).toMatch(/longer than 1,000 bytes/)
    expect(check(`<a><!--${'x'.repeat(1001)}--></a>`)).toMatch(/longer than 1,000 bytes/)
    expect(check(`<a>${'x'.repeat(999)}</a>`)).toBeNull()
  })

  it('refuses nesting deeper than the limit', () => {
    expect(check('<a>'.repeat(9) + '</a>'.repeat(9))).toBe('has elements nested more than 8 deep')
    expect(check('<a>'.repeat(8) + '</a>'.repeat(8))).toBeNull()
  })

  it('refuses a DOCTYPE (entity expansion), and a document that stops before its end or closes what it never opened', () => {
    expect(check('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')).toMatch(/DOCTYPE/)
    expect(check(sheet.slice(0, sheet.length - 5))).toBe('stops before its end')
    expect(check(sheet.slice(0, 200))).toBe('stops before its end')
    expect(check('')).toBe('stops before its end')
    expect(check('<a></a></a>')).toBe('closes an element it never opened')
  })
})
