/**
 * The pack as a document of its own: the page's body with GOV.UK Frontend's and our styles inside,
 * for the HTML file and for Chromium to print. One Nunjucks environment for the process; the
 * styles are read once.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type nunjucks from 'nunjucks'
import { projectRoot } from '../../config.js'
import { createNunjucks, govukFrontendDist } from '../../web/nunjucks.js'
import type { PackView } from './pack.view.js'

let env: nunjucks.Environment | null = null
let css: string | null = null

function styles(): string {
  css ??= [
    readFileSync(path.join(govukFrontendDist, 'govuk', 'govuk-frontend.min.css'), 'utf8'),
    readFileSync(path.join(projectRoot, 'src', 'web', 'assets', 'app.css'), 'utf8'),
  ]
    // The file has no server behind it: fonts and images fall back to the system's.
    .join('\n')
    .replace(/url\((["']?)\/assets\/[^)]*\)/g, 'none')
  return css
}

export function packTitle(view: PackView): string {
  return `${view.pack.board.title}: ${view.pack.meeting.title}, ${view.pack.meeting.date} – board performance pack`
}

/** The whole document, as the HTML output and the PDF's source. */
export function renderPackDocument(view: PackView, options: { linkBase?: string } = {}): string {
  return renderDocument('pages/reports/pack-document.njk', view, packTitle(view), options)
}

/** A document template (a pack's, a progress report's) with the styles inside. */
export function renderDocument(
  template: string,
  view: object,
  title: string,
  options: { linkBase?: string } = {},
): string {
  env ??= createNunjucks()
  return env.render(template, { ...view, title, css: styles(), linkBase: options.linkBase ?? '' })
}
