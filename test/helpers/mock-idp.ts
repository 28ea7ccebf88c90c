/**
 * A minimal OpenID Connect provider for tests: discovery, keys, and a token endpoint that checks
 * PKCE and signs an ID token for whoever the test says signed in. The "authorise" step is the
 * test itself: it reads the authorisation URL and calls `issueCode`.
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

export async function startMockIdp(clientId: string, clientSecret: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }
  const codes = new Map<string, { email: string; nonce: string; challenge: string; redirectUri: string }>()
  let issuer = ''

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, issuer)
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      })
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] })
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = ''
      for await (const chunk of req) body += chunk
      const form = new URLSearchParams(body)
      const basic = req.headers.authorization?.replace(/^Basic /, '')
      const [id, secret] = basic
        ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
        : [form.get('client_id'), form.get('client_secret')]
      if (id !== clientId || secret !== clientSecret) return json(401, { error: 'invalid_client' })
      const grant = codes.get(form.get('code') ?? '')
      codes.delete(form.get('code') ?? '')
      const verifier = form.get('code_verifier') ?? ''
      if (
        !grant ||
        createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ||
        form.get('redirect_uri') !== grant.redirectUri
      ) {
        return json(400, { error: 'invalid_grant' })
      }
      const idToken = await new SignJWT({ email: grant.email, nonce: grant.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(grant.email)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey)
      return json(200, {
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: idToken,
      })
    }
    json(404, { error: 'not_found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    issuer,
    /** Plays the provider's sign-in page: the user `email` signs in for this authorisation URL. */
    issueCode(authorisationUrl: string, email: string): { code: string; state: string } {
      const url = new URL(authorisationUrl)
      const code = randomBytes(16).toString('hex')
      codes.set(code, {
        email,
        nonce: url.searchParams.get('nonce')!,
        challenge: url.searchParams.get('code_challenge')!,
        redirectUri: url.searchParams.get('redirect_uri')!,
      })
      return { code, state: url.searchParams.get('state')! }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
