/**
 * The static baseline, served by the bench server itself: each target's answer is fetched once,
 * written to a file, and streamed back from `/bench/static/<name>` with the same content type, so a
 * page can be compared with the same bytes served as a file by the same server in the same run.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'

export const staticPath = (name: string) => `/bench/static/${name}`

/**
 * Registers the static routes, then takes each target's first answer (told to `onAnswer` as each
 * comes); call before `listen`.
 */
export async function addStaticBaselines(
  app: FastifyInstance,
  targets: Record<string, string>,
  onAnswer?: (name: string, first: FirstAnswer) => void,
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'best-chance-bench-static-'))
  const types = new Map<string, string>()
  // A national download's copy is tens of megabytes or more: gone when the server closes.
  app.addHook('onClose', async () => rmSync(dir, { recursive: true, force: true }))
  // Routes first: the first inject readies the app, after which no route can be added.
  for (const name of Object.keys(targets)) {
    app.get(staticPath(name), { config: { access: 'public', pageCache: false } }, async (_req, reply) =>
      reply.type(types.get(name)!).send(createReadStream(path.join(dir, name))),
    )
  }
  const firsts: Record<string, FirstAnswer> = {}
  for (const [name, url] of Object.entries(targets)) {
    const started = performance.now()
    const answer = await app.inject({ url })
    const ms = Math.round(performance.now() - started)
    if (answer.statusCode !== 200) throw new Error(`${url} answered ${answer.statusCode} when the baseline was taken`)
    writeFileSync(path.join(dir, name), answer.rawPayload)
    firsts[name] = { bytes: answer.rawPayload.length, ms }
    types.set(name, String(answer.headers['content-type'] ?? 'application/octet-stream'))
    onAnswer?.(name, firsts[name])
  }
  return firsts
}

/** A target's first answer, taken for the baseline: its size, and how long the app took to give it. */
export interface FirstAnswer {
  bytes: number
  ms: number
}
