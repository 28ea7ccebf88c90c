/**
 * Where to go after signing in. `next` comes from the address bar, so anyone can write it: only a
 * path on this site is followed. Browsers are generous readers of a Location header (they drop tabs
 * and newlines, read `\` as `/`, and take `//host` as another site), so the rule is strict and
 * checked on every layer of percent-decoding: a single leading `/`, no `//`, no backslash, no
 * control character, printable ASCII as sent. Anything else falls back to the default. Pure.
 */
export const DEFAULT_NEXT = '/my-work'

const MAX_LENGTH = 2048
/** As sent (already decoded once from the query or form): printable ASCII, no spaces. */
const PRINTABLE_PATH = /^\/[\x21-\x7e]*$/
/** C0 controls, DEL and C1 controls: never part of a path a person meant. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** The value if it is a same-site path, else null. */
export function sameSitePath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_LENGTH || !PRINTABLE_PATH.test(value)) return null
  let layer = value
  // Each percent-decoding could reveal a `//`, a `\` or a control character: check them all.
  for (let i = 0; i < 5; i++) {
    if (layer.includes('//') || layer.includes('\\') || CONTROL.test(layer)) return null
    const decoded = decodeOnce(layer)
    if (decoded === null) return null
    if (decoded === layer) return value
    layer = decoded
  }
  return null // still decoding after five layers: no one writes that by accident
}

export function safeNext(value: unknown): string {
  return sameSitePath(value) ?? DEFAULT_NEXT
}

function decodeOnce(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null // malformed percent-encoding
  }
}
