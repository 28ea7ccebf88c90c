/**
 * An Atom feed (RFC 4287) as text: the board reports' archive, and the indicator, outcome and
 * dashboard feeds, all write it here so every feed is valid the same way. Pure.
 */

export interface FeedEntry {
  id: string
  title: string
  href: string
  updated: Date
  summary: string
}

export interface Feed {
  id: string
  title: string
  selfHref: string
  alternateHref: string
  updated: Date
  entries: FeedEntry[]
}

/** XML 1.0 allows tab, line feed and carriage return among the control characters, and no others. */
const xmlChars = (text: string) => [...text].filter((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r').join('')

const escapeXml = (text: string) =>
  xmlChars(text).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  )

export function atomFeed(feed: Feed): string {
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title>${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(e.href)}"/>
    <updated>${e.updated.toISOString()}</updated>
    <summary>${escapeXml(e.summary)}</summary>
  </entry>`,
  )
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfHref)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateHref)}"/>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <author><name>${escapeXml(feed.title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}
