/**
 * HTML to PDF through Debian's Chromium, driven by playwright-core: A4, tagged (accessible), with
 * bookmarks from the headings and page numbers in the footer. The browser is started for each PDF
 * and closed after it: packs are printed a few times a month, and nothing is left running.
 * Without Chromium the error names the package to install.
 */
import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'

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

/**
 * A started Chromium, to print with: the command line starts it while it gathers the data, so the
 * start-up (about a second) overlaps the reads. The caller closes it.
 */
export async function launchPrinter(executablePath = chromiumPath()): Promise<Browser> {
  if (!existsSync(executablePath)) throw new ChromiumMissing(executablePath)
  // Loaded when a PDF is wanted, not when the command line or the server starts (half a second).
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath, headless: true, args: ARGS })
}

async function print(browser: Browser, html: string, title: string): Promise<Buffer> {
  const page = await browser.newPage({ javaScriptEnabled: false })
  try {
    // Nothing leaves the machine: the document carries its own styles.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()))
    await page.setContent(html, { waitUntil: 'load' })
    await page.emulateMedia({ media: 'print' })
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(title),
      margin: { top: '15mm', bottom: '18mm', left: '12mm', right: '12mm' },
      tagged: true,
      outline: true,
    })
  } finally {
    await page.close()
  }
}

/** The PDF of a document: with the given printer, or a Chromium started for it and closed after. */
export async function htmlToPdf(
  html: string,
  options: { title: string; executablePath?: string; printer?: Browser },
): Promise<Buffer> {
  if (options.printer) return print(options.printer, html, options.title)
  const browser = await launchPrinter(options.executablePath)
  try {
    return await print(browser, html, options.title)
  } finally {
    await browser.close()
  }
}

/** Work that prints several PDFs with one Chromium, closed after. */
export async function withPrinter<T>(work: (printer: Browser) => Promise<T>): Promise<T> {
  const printer = await launchPrinter()
  try {
    return await work(printer)
  } finally {
    await printer.close()
  }
}
