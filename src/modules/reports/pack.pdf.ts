/**
 * HTML to PDF through Debian's Chromium, driven by playwright-core: A4, tagged (accessible), with
 * bookmarks from the headings and page numbers in the footer. The browser is started for each PDF
 * and closed after it: packs are printed a few times a month, and nothing is left running.
 * Without Chromium the error names the package to install.
 */
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** The flags this closed network needs (test/helpers/browser.ts uses the same). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export class ChromiumMissing extends Error {
  readonly statusCode = 503
  constructor(readonly executablePath: string) {
    super(
      `Chromium is not installed at ${executablePath}, so no PDF can be made: install Debian's package "chromium" (apt-get install chromium), or set CHROMIUM_PATH to a Chromium`,
    )
  }
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The footer Chromium prints on every page: the document's name and "Page N of M". */
export function footerTemplate(title: string): string {
  return (
    `<div style="font-size:9px;font-family:Arial,sans-serif;width:100%;padding:0 12mm;display:flex;justify-content:space-between;color:#0b0c0c">` +
    `<span>${escapeHtml(title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  )
}

export async function htmlToPdf(html: string, options: { title: string; executablePath?: string }): Promise<Buffer> {
  const executablePath = options.executablePath ?? chromiumPath()
  if (!existsSync(executablePath)) throw new ChromiumMissing(executablePath)
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS })
  try {
    const page = await browser.newPage({ javaScriptEnabled: false })
    // Nothing leaves the machine: the document carries its own styles.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()))
    await page.setContent(html, { waitUntil: 'load' })
    await page.emulateMedia({ media: 'print' })
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(options.title),
      margin: { top: '15mm', bottom: '18mm', left: '12mm', right: '12mm' },
      tagged: true,
      outline: true,
    })
  } finally {
    await browser.close()
  }
}
