/**
 * Notes kept with a figure are of two kinds: public notes about the value ("Year ending March
 * 2023.", "Rounded") and internal notes about how it was transcribed from a source document ("The
 * digits after the brackets are footnote numbers"). A note is internal when it says so ("Internal:
 * ...", the convention for importers) or when it is about the source's footnote numbering. Public
 * outputs keep only public notes. Pure.
 */
const INTERNAL = [/^\s*internal\s*[:.-]/i, /\bfootnote/i]

export function isInternalNote(note: string | null | undefined): boolean {
  return typeof note === 'string' && INTERNAL.some((re) => re.test(note))
}

/** The note as a public page, download or API may show it: null when there is none or it is internal. */
export function publicNote(note: string | null | undefined): string | null {
  return note && !isInternalNote(note) ? note : null
}
