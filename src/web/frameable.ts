/**
 * Routes other sites may put in a frame (embeds): helmet forbids framing everywhere
 * (frame-ancestors 'none', X-Frame-Options); a route declaring `frameable: true` gets
 * frame-ancestors * and no X-Frame-Options instead. An onSend hook, so a response the page cache
 * answers is changed the same way as a fresh one.
 */
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** true: any site may frame this route's responses (frame-ancestors *). */
    frameable?: boolean
  }
}

export function allowFramingWhereDeclared(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.routeOptions.config?.frameable !== true) return payload
    const csp = String(reply.getHeader('content-security-policy') ?? '')
    const others = csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d && !/^frame-ancestors\b/i.test(d))
    reply.header('content-security-policy', [...others, 'frame-ancestors *'].join(';'))
    reply.removeHeader('x-frame-options')
    return payload
  })
}
