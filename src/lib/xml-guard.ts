/**
 * Bounds the work an XML parser does on a document it is given: no text, tag, comment or CDATA
 * run longer than `maxToken` bytes, no nesting deeper than `maxDepth`, no DOCTYPE (entities are the
 * classic XML bomb), and the document must close every element it opens. Why: exceljs's parser
 * holds a whole text node, and a stack entry per open element, in memory, so one 400 MB cell or a
 * million nested tags exhaust memory; and it never says when a document stops half way, so a part
 * cut short would read as a shorter sheet. A byte-level scan, pure, chunk by chunk.
 */

export class XmlGuardError extends Error {}

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const QUESTION = 0x3f
const BANG = 0x21
const DASH = 0x2d
const BRACKET = 0x5d
const DQUOTE = 0x22
const SQUOTE = 0x27

type State = 'text' | 'open' | 'tag' | 'close' | 'pi' | 'bang' | 'comment' | 'cdata'

export class XmlGuard {
  private state: State = 'text'
  private run = 0 // bytes in the current token
  private depth = 0
  private quote = 0 // the quote a tag's attribute value is in
  private last = 0 // the byte before this one, and the one before that (for terminators)
  private beforeLast = 0
  private bang = '' // the start of a <! construct, until known
  private opened = false // an element has been seen

  constructor(
    private readonly maxToken: number,
    private readonly maxDepth: number,
  ) {}

  /** Checks the next chunk of the document; throws XmlGuardError at the first excess. */
  write(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!
      if (++this.run > this.maxToken)
        throw new XmlGuardError(
          `holds a text or tag longer than ${this.maxToken.toLocaleString('en-GB')} bytes, more than any cell`,
        )
      switch (this.state) {
        case 'text': {
          // Skip to the next '<' at once: text is most of a sheet.
          const lt = chunk.indexOf(LT, i)
          const stop = lt < 0 ? chunk.length : lt
          this.run += stop - i - 1
          if (this.run > this.maxToken)
            throw new XmlGuardError(
              `holds a text or tag longer than ${this.maxToken.toLocaleString('en-GB')} bytes, more than any cell`,
            )
          if (lt < 0) {
            i = chunk.length
            break
          }
          i = lt
          this.begin('open')
          break
        }
        case 'open':
          if (b === SLASH) this.state = 'close'
          else if (b === QUESTION) this.state = 'pi'
          else if (b === BANG) {
            this.state = 'bang'
            this.bang = ''
          } else this.state = 'tag'
          break
        case 'tag':
          if (this.quote) {
            if (b === this.quote) this.quote = 0
          } else if (b === DQUOTE || b === SQUOTE) this.quote = b
          else if (b === GT) {
            if (this.last !== SLASH) {
              if (++this.depth > this.maxDepth)
                throw new XmlGuardError(`has elements nested more than ${this.maxDepth} deep`)
            }
            this.opened = true
            this.begin('text')
          }
          break
        case 'close':
          if (b === GT) {
            if (--this.depth < 0) throw new XmlGuardError('closes an element it never opened')
            this.begin('text')
          }
          break
        case 'pi':
          if (b === GT && this.last === QUESTION) this.begin('text')
          break
        case 'bang':
          this.bang += String.fromCharCode(b)
          if (this.bang === '--') this.state = 'comment'
          else if (this.bang === '[CDATA[') this.state = 'cdata'
          else if (!'--'.startsWith(this.bang) && !'[CDATA['.startsWith(this.bang))
            throw new XmlGuardError('holds a DOCTYPE or other declaration, which no workbook part has')
          break
        case 'comment':
          if (b === GT && this.last === DASH && this.beforeLast === DASH) this.begin('text')
          break
        case 'cdata':
          if (b === GT && this.last === BRACKET && this.beforeLast === BRACKET) this.begin('text')
          break
      }
      this.beforeLast = this.last
      this.last = chunk[i] ?? 0
    }
  }

  /** The document has ended: it must have closed everything it opened. */
  end(): void {
    if (this.state !== 'text' || this.depth !== 0 || !this.opened) throw new XmlGuardError('stops before its end')
  }

  private begin(state: State) {
    this.state = state
    this.run = 0
    this.last = 0
    this.beforeLast = 0
  }
}
