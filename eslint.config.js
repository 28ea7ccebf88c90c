import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The guard rails of the architecture (docs/ARCHITECTURE.md, "Rules the build keeps"): queries only in
// repositories and src/db, changes only through withChange, dates only from src/lib/dates.ts, small
// functions and files. The import graph's layers are checked by scripts/checks/import-graph.ts.
const noEnums = { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type.' }
const noQueries = [
  {
    selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto)$/]',
    message: 'Queries live in a *.repository.ts file (or src/db/): return domain types from there.',
  },
  { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL lives in a *.repository.ts file (or src/db/).' },
]
const noHandWrittenChanges = {
  selector: 'CallExpression[callee.name=/^(recordAudit|bumpDataVersion|appendAuditEvent)$/]',
  message: 'Record a change through withChange or withChanges (src/db/changes/with-change.ts).',
}
const noOwnDates = {
  selector: "NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
  message: 'Dates and London time come from src/lib/dates.ts.',
}
const sizeLimits = {
  'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
  'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
}
const kyselyTypesOnly = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { paths: [{ name: 'kysely', allowTypeImports: true, message: 'Only repositories and src/db import Kysely values; elsewhere `import type`.' }] },
  ],
}
const production = ['src/**/*.ts']
const tests = ['**/*.test.ts']
const repositories = ['src/**/*.repository.ts', 'src/db/**/*.ts']

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'var/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': ['error', noEnums],
    },
  },
  {
    files: production,
    ignores: [...tests, ...repositories],
    rules: { 'no-restricted-syntax': ['error', noEnums, ...noQueries, noHandWrittenChanges, noOwnDates], ...sizeLimits, ...kyselyTypesOnly },
  },
  {
    files: repositories,
    ignores: tests,
    rules: { 'no-restricted-syntax': ['error', noEnums, noHandWrittenChanges, noOwnDates], ...sizeLimits },
  },
  {
    // The kernel's own change recording, and the one home of dates.
    files: ['src/db/changes/**', 'src/db/data-version.ts'],
    ignores: tests,
    rules: { 'no-restricted-syntax': ['error', noEnums, noOwnDates] },
  },
  {
    files: ['src/lib/dates.ts'],
    rules: { 'no-restricted-syntax': ['error', noEnums, ...noQueries, noHandWrittenChanges] },
  },
  {
    // A migration is one SQL script, however long.
    files: ['src/db/migrations/**'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // Tables whose length is their content: the periods grammar and the OpenAPI document.
    files: ['src/modules/indicators/periods.ts', 'src/modules/open-data/openapi.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // Published algorithm coefficients are written as printed, to more digits than a double holds.
    files: ['src/modules/stats/**'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: tests,
    rules: { 'no-restricted-properties': ['error', { object: 'it', property: 'only' }, { object: 'describe', property: 'only' }] },
  },
)
