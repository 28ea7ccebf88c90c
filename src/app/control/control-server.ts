/**
 * The server's side of the command channel (protocol.ts): it runs each command from the command
 * line with the server's own database, so what a command stores is visible to the site at once
 * and only this process ever opens the embedded data directory.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CommandIo } from '../cli/command-context.js'
import { CONTROL_PATH, MAX_REQUEST_BYTES, type ControlMessage, type ControlRequest } from './protocol.js'

export type RunCommand = (request: ControlRequest, io: CommandIo) => Promise<number>

export interface ControlServer {
  port: number
  token: string
  /** Stops taking commands and waits for those running to finish. */
  close: () => Promise<void>
}

export async function startControlServer(run: RunCommand, onError: (error: unknown) => void): Promise<ControlServer> {
  const token = randomBytes(32).toString('base64url')
  const server = http.createServer((req, res) => {
    void handle(req, res, token, run).catch((error) => {
      onError(error)
      if (!res.headersSent) res.writeHead(500)
      res.end(
        JSON.stringify({ err: `the server could not run the command: ${(error as Error).message}` }) +
          '\n' +
          JSON.stringify({ exit: 1 }) +
          '\n',
      )
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    token,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, token: string, run: RunCommand) {
  if (req.method !== 'POST' || req.url !== CONTROL_PATH) return void res.writeHead(404).end()
  if (!sameToken(req.headers.authorization, `Bearer ${token}`)) return void res.writeHead(401).end()
  const request = parseRequest(await readBody(req))
  if (!request) return void res.writeHead(400).end()
  res.writeHead(200, { 'content-type': 'application/x-ndjson' })
  const send = (message: ControlMessage) => res.write(JSON.stringify(message) + '\n')
  const io: CommandIo = {
    out: (text) => send({ out: text }),
    err: (text) => send({ err: text }),
    progress: (percent) => send({ progress: percent }),
    readStdin: async () => request.stdin ?? '',
  }
  let exit: number
  try {
    exit = await run(request, io)
  } catch (error) {
    io.err((error as Error).message)
    exit = 1
  }
  send({ exit })
  res.end()
}

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '')
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_REQUEST_BYTES) throw new Error('the command request is too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseRequest(body: string): ControlRequest | null {
  try {
    const r = JSON.parse(body) as Partial<ControlRequest>
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')
    if (!strings(r.argv) || typeof r.cwd !== 'string' || typeof r.actor !== 'string') return null
    return { argv: r.argv, cwd: r.cwd, actor: r.actor, stdin: typeof r.stdin === 'string' ? r.stdin : null }
  } catch {
    return null
  }
}
