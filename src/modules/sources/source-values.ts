/**
 * A published cell as the data template stores it. Publishers write numbers with float noise
 * ("71.599999999999994"), padding (" 24.710"), E-notation and thousands separators, and mark what
 * they withhold with symbols (DfE: c, x, z, k, u, low; LAIT: "-"). A symbol is kept as the reason
 * a value is missing, never read as zero. Pure.
 */

/** What each publisher's symbol means, as the value note of a missing figure says it. */
export const SOURCE_SYMBOLS: Readonly<Record<string, string>> = {
  c: 'suppressed by the publisher (c)',
  low: 'suppressed by the publisher (low)',
  x: 'not available from the publisher (x)',
  z: 'not applicable (z)',
  k: 'fewer than 0.5, so not published as a number (k)',
  u: 'low reliability, so not published as a number (u)',
  ':': 'not available from the publisher (:)',
  '..': 'not available from the publisher (..)',
  '-': 'not published: the publisher shows "-" (missing or suppressed)',
}

export type SourceCell = { value: number } | { missing: string } | { error: string }

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Reads one published cell: a number, a symbol (its reason), an empty cell, or an error. */
export function readSourceCell(text: string | null | undefined): SourceCell {
  const trimmed = (text ?? '').trim()
  if (trimmed === '' || trimmed.toUpperCase() === 'NA') return { missing: 'no value in the published file' }
  const symbol = SOURCE_SYMBOLS[trimmed.toLowerCase()]
  if (symbol) return { missing: symbol }
  const plain = trimmed.replace(/,/g, '')
  if (!NUMBER.test(plain)) return { error: `"${trimmed}" is neither a number nor a known publisher's symbol` }
  return { value: Number(plain) }
}

/**
 * A number written the same way every time: twelve significant figures (enough for any published
 * figure, few enough to drop a double's noise), no trailing zeros, no exponent for ordinary sizes.
 */
export function formatSourceNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`)
  const tidy = Number(n.toPrecision(12))
  return Object.is(tidy, -0) ? '0' : String(tidy)
}
