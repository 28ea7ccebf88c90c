/** docs/routes.md is the app's registered routes, each with its access and the file that registers it. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { registeredRoutes, routeIndex, routeIndexFile } from '../../scripts/docs/route-index.js'

describe('the route index in docs/routes.md', () => {
  it('names the file that registers every route', async () => {
    const routes = await registeredRoutes()
    const unplaced = routes.filter((r) => r.method !== 'HEAD' && !/^\/(assets|govuk|static)\//.test(r.url) && !r.file)
    expect(unplaced.map((r) => `${r.method} ${r.url}`)).toEqual([])
    expect(routes.find((r) => r.url === '/risks' && r.method === 'GET')?.file).toMatch(/^modules\/risks\//)
  })

  it('is up to date (run `npm run docs:routes` after changing routes)', async () => {
    expect(readFileSync(routeIndexFile, 'utf8')).toBe(routeIndex(await registeredRoutes()))
  })
})
