/**
 * Analysts' Markdown, rendered for a public page. Raw HTML is never passed through (it comes out as
 * text), links may only go to http, https and mailto addresses or within the site, images are not
 * allowed (the page's content security policy would block them anyway), and the output wears GOV.UK
 * classes. Headings start at h3, since the commentary sits under the page's own h2 sections.
 */
import MarkdownIt from 'markdown-it'

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto'])

/** A link with a scheme must use an allowed one; a link without one (a path, an anchor) stays on the site. */
export function isSafeLink(url: string): boolean {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]
  return scheme === undefined || ALLOWED_SCHEMES.has(scheme.toLowerCase())
}

const blockClasses: Record<string, string> = {
  paragraph_open: 'govuk-body',
  bullet_list_open: 'govuk-list govuk-list--bullet',
  ordered_list_open: 'govuk-list govuk-list--number',
  blockquote_open: 'govuk-inset-text',
  table_open: 'govuk-table',
  thead_open: 'govuk-table__head',
  tbody_open: 'govuk-table__body',
  tr_open: 'govuk-table__row',
  th_open: 'govuk-table__header',
  td_open: 'govuk-table__cell',
  hr: 'govuk-section-break govuk-section-break--m govuk-section-break--visible',
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false })
md.disable('image')
md.validateLink = isSafeLink
md.core.ruler.push('govuk_classes', (state) => {
  const visit = (tokens: typeof state.tokens) => {
    for (const token of tokens) {
      const cls = blockClasses[token.type]
      if (cls) token.attrJoin('class', cls)
      if (token.type === 'heading_open' || token.type === 'heading_close') {
        const level = Math.min(6, Number(token.tag.slice(1)) + 2)
        token.tag = `h${level}`
        if (token.type === 'heading_open') token.attrJoin('class', level === 3 ? 'govuk-heading-m' : 'govuk-heading-s')
      }
      if (token.type === 'link_open') token.attrJoin('class', 'govuk-link')
      if (token.children) visit(token.children)
    }
  }
  visit(state.tokens)
})

export function renderMarkdown(text: string): string {
  return text.trim() ? md.render(text) : ''
}
