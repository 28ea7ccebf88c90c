/**
 * Board pack benchmark: how long the Best Chance 0-25 Partnership's pack takes, from the live data
 * to each output, on the embedded database (in memory) or PostgreSQL (BENCH_DATABASE_URL). The
 * database holds the strategies, every shipped dataset (the published real data, about 85,000 rows)
 * and the pack fixtures' planted exceptions, plus BENCH_ACTIONS synthetic actions and BENCH_RISKS
 * synthetic risks in the Partnership's scope (labelled synthetic). Each step is timed BENCH_RUNS
 * times; the median is reported. Writes bench/results/board-pack.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, projectRoot } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { loadStrategyFolder } from '../src/app/server.js'
import { loadShippedData } from '../src/modules/indicators/startup-data.js'
import { strategyService } from '../src/modules/strategy/strategy.service.js'
import { createAction } from '../src/modules/delivery/delivery.service.js'
import { createRisk } from '../src/modules/risks/risks.service.js'
import { riskSchema } from '../src/modules/risks/risks.domain.js'
import { preparePack } from '../src/modules/reports/pack.service.js'
import { LIVE_STATUS, packFile } from '../src/modules/reports/pack.outputs.js'
import { launchPrinter } from '../src/modules/reports/pack.pdf.js'
import { PARTNERSHIP, plantPack } from '../test/helpers/pack-fixtures.js'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const extraActions = Number(process.env.BENCH_ACTIONS ?? 60)
const extraRisks = Number(process.env.BENCH_RISKS ?? 30)
const databaseUrl = process.env.BENCH_DATABASE_URL?.trim() || null
const LIMIT_MS = 5000

const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', SHIPPED_DATASETS: '' })
const database = await openDatabase({ databaseUrl, dataDir: null })
await migrateToLatest(database.db)
const loadStart = performance.now()
await loadStrategyFolder(database, config, () => {})
await loadShippedData(database.db, path.join(projectRoot, 'data'), () => {}, { datasets: null })
const db = database.db
let model = await strategyService(db, config.primaryStrategy).readModel()
const planted = await plantPack(db, model)
const outcomes = model.items(PARTNERSHIP.strategyId, 'outcome').map((o) => o.id)
for (let i = 0; i < extraActions; i++) {
  await createAction(
    db,
    {
      title: `Synthetic bench action ${i + 1}`,
      deliveryPlan: outcomes[i % outcomes.length],
      organisationId: 'lbbd',
      leadRole: 'Head of Early Help',
      status: 'on_track',
    },
    'bench',
  )
}
for (let i = 0; i < extraRisks; i++) {
  const risk = {
    kind: 'risk',
    title: `Synthetic bench risk ${i + 1}`,
    cause: 'Synthetic',
    effect: 'Synthetic',
    organisationId: 'lbbd',
    ownerRole: 'Head of Early Help',
    inherentLikelihood: '5',
    inherentImpact: '5',
    residualLikelihood: String(1 + (i % 5)),
    residualImpact: '3',
    reviewDate: '2099-01-31',
    status: 'open',
    currentBoardId: PARTNERSHIP.boardId,
  }
  await createRisk(db, model, riskSchema.parse(risk), 'bench')
}
const loadSeconds = (performance.now() - loadStart) / 1000
model = await strategyService(db, config.primaryStrategy).readModel()
const board = model.find('body', PARTNERSHIP.boardId, PARTNERSHIP.strategyId)!
const dataPoints = Number(
  (
    await db
      .selectFrom('data_points')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = []
  let result: T | undefined
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    result = await work()
    times.push(performance.now() - start)
  }
  return { ms: Math.round(median(times)), result: result! }
}

const deps = { db, model, threshold: config.disclosureThreshold }
const prepare = await time(() => preparePack(deps, board, planted.meetingId))
const content = prepare.result
const html = await time(() => packFile(content, LIVE_STATUS, 'html'))
const pdf = await time(() => packFile(content, LIVE_STATUS, 'pdf'))
const xlsx = await time(() => packFile(content, LIVE_STATUS, 'xlsx'))
// As the command line does it: Chromium starting while the data is gathered, then the PDF.
const pipeline = await time(async () => {
  const printer = launchPrinter()
  try {
    const pack = await preparePack(deps, board, planted.meetingId)
    return await packFile(pack, LIVE_STATUS, 'pdf', await printer)
  } finally {
    await (await printer).close()
  }
})
await database.close()

const rows = [
  { step: 'gather the pack from the live data (preparePack)', ms: prepare.ms },
  { step: 'render the HTML document', ms: html.ms },
  { step: 'print the PDF (Chromium, launched each time)', ms: pdf.ms, bytes: pdf.result.length },
  { step: 'write the XLSX scorecard', ms: xlsx.ms, bytes: xlsx.result.length },
  { step: 'live data to PDF, one after the other (gather + print)', ms: prepare.ms + pdf.ms },
  {
    step: 'live data to PDF as the command line does it (Chromium starting while the data is gathered)',
    ms: pipeline.ms,
  },
]
const results = {
  measuredAt: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  },
  engine: database.engine,
  runs,
  data: {
    dataPoints,
    indicatorsInScope: content.scorecards.reduce((n, s) => n + s.rows.length, 0),
    actionsInScope: content.appendices.actions.length,
    risksInScope: content.appendices.risks.length,
    exceptions: content.exceptions.length,
    loadSeconds: Number(loadSeconds.toFixed(1)),
  },
  limitMs: LIMIT_MS,
  withinLimit: pipeline.ms < LIMIT_MS,
  rows,
}
for (const r of rows) console.log(`${r.step}: ${r.ms} ms`)
const outDir = path.join(projectRoot, 'bench/results')
mkdirSync(outDir, { recursive: true })
const name = databaseUrl ? 'board-pack-postgres' : 'board-pack'
writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(results, null, 2) + '\n')
writeFileSync(
  path.join(outDir, `${name}.md`),
  [
    '# Board pack benchmark',
    '',
    `Measured ${results.measuredAt} by \`npm run bench:board-pack\` on ${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}, on ${results.engine} (load average ${results.machine.loadAverage.join(', ')}). ` +
      `The Best Chance 0-25 Partnership's pack: ${results.data.indicatorsInScope} indicators in its four outcomes over ${results.data.dataPoints.toLocaleString('en-GB')} data points (the shipped published data and the synthetic planted series), ` +
      `${results.data.actionsInScope} actions and ${results.data.risksInScope} risks in scope (${extraActions} and ${extraRisks} of them synthetic, for volume), ${results.data.exceptions} exceptions. Median of ${runs} runs.`,
    '',
    '| step | median ms | bytes |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.step} | ${r.ms} | ${'bytes' in r ? r.bytes : ''} |`),
    '',
    `Live data to PDF as the command line makes it: ${pipeline.ms} ms, ${results.withinLimit ? 'within' : 'OVER'} the ${LIMIT_MS / 1000} s the issue asks for. The figures are read through disclosure control, which works over every area and version of the indicators read (about 67,000 rows for the Partnership's): most of the gathering time.`,
    '',
  ].join('\n'),
)
process.exit(results.withinLimit ? 0 : 1)
