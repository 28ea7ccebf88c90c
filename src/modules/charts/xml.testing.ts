/**
 * For tests only: a strict little XML parser, enough to prove chart output is well-formed and to
 * query it. Throws on unbalanced or crossed tags, bad attribute syntax, duplicate attributes,
 * a raw "<" or a bare "&" in text, and unknown entities.
 */

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** Text directly inside this element, entities decoded. */
  text: string
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/
const ENTITY = /&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g

function decode(raw: string, where: string): string {
  const bare = raw.replace(ENTITY, '')
  if (bare.includes('&')) throw new Error(`bare & or unknown entity in ${where}: ${raw}`)
  if (bare.includes('<')) throw new Error(`raw < in ${where}: ${raw}`)
  return raw.replace(ENTITY, (_, e: string) => {
    if (e === 'amp') return '&'
    if (e === 'lt') return '<'
    if (e === 'gt') return '>'
    if (e === 'quot') return '"'
    if (e === 'apos') return "'"
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  })
}

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' }
  const stack: XmlElement[] = [root]
  let i = 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const textEnd = lt === -1 ? xml.length : lt
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd)
      if (stack.length === 1 && raw.trim()) throw new Error(`text outside the root element: ${raw}`)
      if (raw.includes('>')) throw new Error(`stray > in text: ${raw}`)
      stack[stack.length - 1].text += decode(raw, 'text')
    }
    if (lt === -1) break
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt)
      if (end === -1) throw new Error('unterminated comment')
      i = end + 3
      continue
    }
    const gt = xml.indexOf('>', lt)
    if (gt === -1) throw new Error('unterminated tag')
    const tag = xml.slice(lt + 1, gt)
    i = gt + 1
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim()
      const open = stack.pop()
      if (!open || open === root || open.name !== name)
        throw new Error(`closing </${name}> does not match <${open?.name}>`)
      continue
    }
    const selfClosing = tag.endsWith('/')
    const body = selfClosing ? tag.slice(0, -1) : tag
    const nameMatch = NAME.exec(body)
    if (!nameMatch) throw new Error(`bad tag name: <${tag}>`)
    const el: XmlElement = { name: nameMatch[0], attrs: {}, children: [], text: '' }
    let rest = body.slice(nameMatch[0].length)
    while (rest.trim()) {
      const m = /^\s+([A-Za-z_:][A-Za-z0-9_:.-]*)="([^"]*)"/.exec(rest)
      if (!m) throw new Error(`bad attribute syntax in <${tag}>`)
      if (m[1] in el.attrs) throw new Error(`duplicate attribute ${m[1]} in <${tag}>`)
      el.attrs[m[1]] = decode(m[2], `attribute ${m[1]}`)
      rest = rest.slice(m[0].length)
    }
    if (stack.length === 1 && root.children.length) throw new Error('more than one root element')
    stack[stack.length - 1].children.push(el)
    if (!selfClosing) stack.push(el)
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`)
  if (root.children.length !== 1) throw new Error('no root element')
  return root.children[0]
}

/** Every element below (and including) `el`, depth first. */
export function descendants(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(descendants)]
}

export function byClass(el: XmlElement, className: string): XmlElement[] {
  return descendants(el).filter((e) => (e.attrs.class ?? '').split(/\s+/).includes(className))
}

/** All text inside an element, including its descendants'. */
export function allText(el: XmlElement): string {
  return el.text + el.children.map(allText).join('')
}
