/**
 * A number as a file writes it, read strictly: digits with an optional sign, point and exponent,
 * and nothing guessed. "1,5" is 1.5 in much of Europe and fifteen hundred, give or take, in a
 * thousands-separated UK figure, so a comma is refused, not removed (it used to be: "1,5" was
 * stored as 15). Only finite numbers no larger than 10^15 (far beyond any count or rate, and still
 * exact as whole numbers) are read, so Infinity never reaches the statistics; a number so small it
 * would be stored as 0 is refused rather than changed; counts and denominators are whole. Pure.
 */

/** The largest magnitude read: whole numbers up to it are exact in a double, and any real figure is far smaller. */
export const MAX_MAGNITUDE = 1e15

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** The number `text` writes, null when empty, or the reason it is not one (quoting the text). */
export function parseNumber(text: string, options: { whole?: string } = {}): number | null | { error: string } {
  if (text === '') return null
  if (!NUMBER.test(text)) {
    if (/^[+-]?[\d.,]+$/.test(text) && text.includes(',')) {
      return {
        error: `"${text}" is not a number: write numbers with a point for decimals and no thousands separators (1.5, 1234)`,
      }
    }
    return { error: `"${text}" is not a number` }
  }
  const value = Number(text)
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE)
    return { error: `"${text}" is larger than any figure read here (at most 10^15)` }
  if (value === 0 && /[1-9]/.test(text.replace(/[eE].*$/, '')))
    return { error: `"${text}" is too small to store: write 0 if it is zero` }
  if (options.whole && !Number.isInteger(value))
    return { error: `the ${options.whole} must be a whole number, not ${text}` }
  return value === 0 ? 0 : value // never -0
}
