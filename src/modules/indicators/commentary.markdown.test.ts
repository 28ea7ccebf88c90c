import { describe, expect, it } from 'vitest'
import { isSafeLink, renderMarkdown } from './commentary.markdown.js'

describe('commentary Markdown', () => {
  it('escapes raw HTML rather than passing it through', () => {
    const html = renderMarkdown('Before <script>alert(1)</script> and <img src=x onerror="alert(2)"> after')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;')
    expect(html).not.toMatch(/<script|<img/)
  })

  it('links only to http, https, mailto or the site itself', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](JavaScript:alert(1)) [c](&#106;avascript:alert(1)) [d](data:text/html,x) [e](vbscript:x) [f](ftp://example.org) ' +
        '[ok](https://example.org/a) [plain](http://example.org) [mail](mailto:team@example.org) [here](/indicators/gld-eyfs#story)',
    )
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])
    expect(hrefs).toEqual([
      'https://example.org/a',
      'http://example.org',
      'mailto:team@example.org',
      '/indicators/gld-eyfs#story',
    ])
    expect(isSafeLink(' javascript:alert(1)')).toBe(false)
    expect(isSafeLink('MAILTO:x@example.org')).toBe(true)
  })

  it('turns bare web and email addresses into links', () => {
    expect(renderMarkdown('See https://example.org/report or write to team@example.org')).toBe(
      '<p class="govuk-body">See <a href="https://example.org/report" class="govuk-link">https://example.org/report</a> or write to <a href="mailto:team@example.org" class="govuk-link">team@example.org</a></p>\n',
    )
  })

  it('allows no images, and wears GOV.UK classes with headings from h3 down', () => {
    const html = renderMarkdown('# Why\n\n## Causes\n\n- one\n- two\n\n![chart](https://example.org/x.png)')
    expect(html).toContain('<h3 class="govuk-heading-m">Why</h3>')
    expect(html).toContain('<h4 class="govuk-heading-s">Causes</h4>')
    expect(html).toContain('<ul class="govuk-list govuk-list--bullet">')
    expect(html).not.toContain('<img')
  })

  it('renders nothing for empty text', () => {
    expect(renderMarkdown('  \n ')).toBe('')
  })
})
