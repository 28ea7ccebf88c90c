/**
 * The import graph's rules (issue #11): the app on top, modules in the middle, a kernel at the
 * bottom (lib, web kit, db, config), and no cycles anywhere. `npm run check:imports` runs it; CI
 * runs it through `npm test`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Files must not import each other round in a circle, directly or through others.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'lib-is-the-bottom',
      severity: 'error',
      comment: 'src/lib/ holds shared pure helpers: it imports nothing else of ours.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'web-kit-imports-no-module',
      severity: 'error',
      comment: 'src/web/ is the kit every module uses (forms, errors, downloads, page cache, views): it imports no module and not the app.',
      from: { path: '^src/web/' },
      to: { path: '^src/(modules|app)/' },
    },
    {
      name: 'db-kernel-imports-no-module',
      severity: 'error',
      comment: 'src/db/ (the client, migrations, the data version, withChange) is below every module.',
      from: { path: '^src/db/' },
      to: { path: '^src/(modules|app|web)/' },
    },
    {
      name: 'config-imports-nothing',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'stats-and-charts-are-pure',
      severity: 'error',
      comment: 'Statistics and charts are pure: they import only each other (charts may use stats) and lib.',
      from: { path: '^src/modules/(stats|charts)/' },
      to: { path: '^src/', pathNot: ['^src/modules/(stats|charts)/', '^src/lib/'] },
    },
    {
      name: 'modules-never-import-the-app',
      severity: 'error',
      comment: 'src/app/ composes the modules; a module importing it would make every module depend on every other.',
      from: { path: '^src/(modules|web|db|lib)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'no-tests-in-production-code',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '(\\.test\\.ts$|^test/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
