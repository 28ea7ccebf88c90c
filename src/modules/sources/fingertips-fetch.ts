/**
 * Downloads OHID Fingertips' all-data CSV for each indicator, from the documented API endpoint
 * (the one fingertipsR and the Fingertips site use): /api/all_data/csv/by_indicator_id with
 * indicator_ids, child_area_type_id (502: counties and unitary authorities from April 2023) and
 * parent_area_type_id (6: regions), whose answer carries England and the regions too. A response
 * that is not a whole Fingertips CSV (an error status, an HTML page, a body cut short) is refused
 * with what was wrong, so the caller can store nothing.
 */

export const FINGERTIPS_BASE_URL = 'https://fingertips.phe.org.uk'
export const COUNTIES_AND_UAS = 502
export const REGIONS = 6

export interface FetchedFile {
  fingertipsId: number
  url: string
  body: string
}

export interface FetchOptions {
  baseUrl: string
  childAreaType: number
  parentAreaType: number
  fetch: typeof globalThis.fetch
}

export function fingertipsUrl(
  id: number,
  o: Pick<FetchOptions, 'baseUrl' | 'childAreaType' | 'parentAreaType'>,
): string {
  const url = new URL('/api/all_data/csv/by_indicator_id', o.baseUrl)
  url.searchParams.set('indicator_ids', String(id))
  url.searchParams.set('child_area_type_id', String(o.childAreaType))
  url.searchParams.set('parent_area_type_id', String(o.parentAreaType))
  return url.toString()
}

/** Why a response cannot be imported, or null when it is a whole Fingertips CSV. */
export function checkResponse(status: number, declaredLength: string | null, bytes: Buffer): string | null {
  if (status !== 200) return `the API answered HTTP ${status}`
  if (declaredLength !== null && Number(declaredLength) !== bytes.length) {
    return `the response was cut short: ${bytes.length} of the ${declaredLength} bytes it declared arrived`
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  const header = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'))
  if (!/(^|,)"?Indicator ID"?(,|$)/.test(header) || !/(^|,)"?Area Code"?(,|$)/.test(header)) {
    return `the response is not a Fingertips CSV (it begins "${text.slice(0, 60).replace(/\s+/g, ' ')}")`
  }
  if (!text.endsWith('\n')) return 'the response was cut short: its last row has no line end'
  return null
}

export async function downloadFingertips(
  ids: readonly number[],
  o: FetchOptions,
): Promise<{ files: FetchedFile[]; problems: string[] }> {
  const files: FetchedFile[] = []
  const problems: string[] = []
  for (const id of ids) {
    const url = fingertipsUrl(id, o)
    try {
      const response = await o.fetch(url)
      const bytes = Buffer.from(await response.arrayBuffer())
      const problem = checkResponse(response.status, response.headers.get('content-length'), bytes)
      if (problem) problems.push(`Fingertips indicator ${id}: ${problem} (${url})`)
      else files.push({ fingertipsId: id, url, body: bytes.toString('utf8') })
    } catch (error) {
      // Node's fetch (undici) reports a connection closed mid-response as "terminated", or as
      // "fetch failed" caused by a socket error ("other side closed").
      const e = error as Error & { cause?: { message?: string; code?: string } }
      const detail = [e.message, e.cause?.message].filter(Boolean).join(': ')
      const cut =
        e.message === 'terminated' ||
        e.cause?.code === 'UND_ERR_SOCKET' ||
        /other side closed|terminated/.test(e.cause?.message ?? '')
      const why = cut
        ? `the response was cut short: the connection closed before it was whole (${detail})`
        : `the download failed: ${detail}`
      problems.push(`Fingertips indicator ${id}: ${why} (${url})`)
    }
  }
  return { files, problems }
}
