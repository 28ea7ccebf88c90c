/** The command line's side of the command channel (protocol.ts): send the command, show its output, return its exit code. */
import http from 'node:http'
import type { CommandIo } from '../cli/command-context.js'
import type { ControlAddress } from '../../db/data-dir-lock.js'
import { CONTROL_PATH, type ControlMessage, type ControlRequest } from './protocol.js'

export class ControlChannelError extends Error {}

export function forwardCommand(
  control: ControlAddress,
  request: ControlRequest,
  io: Omit<CommandIo, 'readStdin'>,
): Promise<number> {
  const body = JSON.stringify(request)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: control.port,
        path: CONTROL_PATH,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${control.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume()
          return reject(
            new ControlChannelError(`the server at ${control.url} refused the command (HTTP ${res.statusCode})`),
          )
        }
        let exit: number | null = null
        let pending = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          pending += chunk
          const lines = pending.split('\n')
          pending = lines.pop()!
          for (const line of lines) if (line) exit = show(JSON.parse(line) as ControlMessage, io) ?? exit
        })
        res.on('end', () => {
          if (exit !== null) resolve(exit)
          else
            reject(
              new ControlChannelError(
                `the server at ${control.url} stopped before it finished the command: whatever it had not confirmed was not stored; run the command again`,
              ),
            )
        })
        res.on('error', reject)
      },
    )
    req.on('error', (error) =>
      reject(
        new ControlChannelError(`cannot reach the server at ${control.url} that holds the database: ${error.message}`),
      ),
    )
    req.end(body)
  })
}

function show(message: ControlMessage, io: Omit<CommandIo, 'readStdin'>): number | null {
  if ('out' in message) io.out(message.out)
  else if ('err' in message) io.err(message.err)
  else if ('progress' in message) io.progress(message.progress)
  else if ('exit' in message) return message.exit
  return null
}
