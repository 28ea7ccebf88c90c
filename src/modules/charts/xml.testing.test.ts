import { describe, expect, it } from 'vitest'
import { allText, byClass, parseXml } from './xml.testing.js'

describe('parseXml (the test helper) rejects what is not well-formed', () => {
  it('parses nested elements, attributes and entities', () => {
    const root = parseXml('<svg a="1 &amp; 2"><g class="x y"><text>a &lt; b</text></g><path d="M0 0"/></svg>')
    expect(root.name).toBe('svg')
    expect(root.attrs.a).toBe('1 & 2')
    expect(byClass(root, 'y')).toHaveLength(1)
    expect(allText(root)).toBe('a < b')
  })

  it.each([
    ['unclosed element', '<svg><g></svg>'],
    ['crossed tags', '<svg><g><text></g></text></svg>'],
    ['raw < in text', '<svg><text>a < b</text></svg>'],
    ['bare & in text', '<svg><text>a & b</text></svg>'],
    ['bare & in an attribute', '<svg a="x & y"/>'],
    ['unquoted attribute', '<svg a=1/>'],
    ['duplicate attribute', '<svg a="1" a="2"/>'],
    ['two roots', '<svg/><svg/>'],
    ['unknown entity', '<svg><text>&nbsp;</text></svg>'],
  ])('throws on %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow()
  })
})
