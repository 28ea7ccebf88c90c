/** The Nunjucks environment: our views, then GOV.UK Frontend's templates and macros. */
import path from 'node:path'
import { createRequire } from 'node:module'
import nunjucks from 'nunjucks'
import { projectRoot } from '../config.js'

const require = createRequire(import.meta.url)
export const govukFrontendDist =
  path.dirname(path.dirname(require.resolve('govuk-frontend/package.json'))) + '/govuk-frontend/dist'

export function createNunjucks(options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(projectRoot, 'src/web/views'), govukFrontendDist], {
      noCache: !!options.watch,
      watch: !!options.watch,
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )
  env.addFilter('formatNumber', (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? new Intl.NumberFormat('en-GB').format(value) : 'no data',
  )
  env.addFilter(
    'plural',
    (count: number, singular: string, plural = `${singular}s`) => `${count} ${count === 1 ? singular : plural}`,
  )
  return env
}
