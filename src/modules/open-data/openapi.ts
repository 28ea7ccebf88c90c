/**
 * The OpenAPI 3.1 description of the open data API, written by hand as data. It is served at
 * /api/openapi.json, rendered as the /api-docs page, and the API tests validate every response
 * against these schemas (JSON Schema 2020-12), so the description cannot drift from the API.
 * Schemas are closed (no undocumented properties), and object shapes shared by several schemas
 * are spread in as property sets rather than combined with allOf, so each stays closed.
 */
import { LICENCE } from '../../web/table-download.js'
import { CiMethod, Frequency, Polarity, RbaKind, ValueType } from '../indicators/indicator-metadata.schema.js'
import { ComparisonLabel, TrendLabel } from '../stats/labels.js'
import { ProgressLabel } from '../stats/forecast.js'
import {
  breakdownParameters,
  breakdownQuerySchema,
  dataParameters,
  pageSchemaFields,
  pagingParameters,
} from './api-paging.openapi.js'

type Schema = Record<string, unknown>

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) })
const nullableStr = (description?: string): Schema => ({
  type: ['string', 'null'],
  ...(description ? { description } : {}),
})
const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) })
const nullableNum = (description?: string): Schema => ({
  type: ['number', 'null'],
  ...(description ? { description } : {}),
})
const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) })
const arrayOf = (items: Schema, description?: string): Schema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
})
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] })
const tbcOr = (schema: Schema): Schema => ({ anyOf: [schema, { const: 'tbc', description: 'to be confirmed' }] })

/** A closed object: every property listed is required unless named in `optional`. */
function object(properties: Record<string, Schema>, description?: string, optional: string[] = []): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
    additionalProperties: false,
  }
}

const GSS_PATTERN = '^[EKNSW][0-9]{8}$'
const GSS_LIST_PATTERN = '^[EKNSW][0-9]{8}(,[EKNSW][0-9]{8})*$'
const ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

const envelope = {
  licence: ref('Licence'),
  data_version: { type: 'string', pattern: '^[0-9]+$', description: 'Moves on whenever any data or content changes.' },
}

const suppressed = {
  enum: ['small-count', 'secondary', null],
  description:
    '`small-count`: the count is below the disclosure threshold (or, for a percentage, the number without the outcome is); ' +
    '`secondary`: hidden so a small count cannot be worked out from the others, in any version. When set, the value, its intervals and the count are null.',
}

// ---- strategy items --------------------------------------------------------------------------

const itemProperties = {
  id: str('Unique within its strategy and kind.'),
  kind: {
    type: 'string',
    description: 'What the item is.',
    examples: [
      'outcome',
      'intention',
      'success_measure',
      'priority',
      'pledge',
      'childrens_outcome',
      'theme',
      'indicator',
    ],
  },
  strategy_id: str(),
  number: {
    type: ['integer', 'null'],
    description: 'The number the strategy gives it, if any (shared intentions are numbered).',
  },
  title: str(),
  text: nullableStr("The fuller wording, where the strategy has one (an outcome's statement, a pledge's meaning)."),
  source: ref('Citation'),
  links: arrayOf(ref('Link'), 'The golden thread: every link to or from this item.'),
  web_url: str('This item on the website (a path).'),
}

const idList = (what: string) => arrayOf(str(), `The ids of the ${what}.`)

const summaryProperties = {
  id: str(),
  title: str(),
  short_title: nullableStr(),
  subtitle: nullableStr(),
  partnership: nullableStr('The partnership or board that owns the strategy.'),
  area_code: nullableStr('The GSS code of the area the strategy covers.'),
  period: nullable(object({ start: str('YYYY-MM'), end: str('YYYY-MM') })),
  primary: { type: 'boolean', description: 'True for the strategy the site is about; others are linked strategies.' },
  api_url: str(),
  web_url: str(),
}

// ---- summaries (see src/modules/indicators/summaries/summarise.ts) ---------------------------

const comparison = { enum: Object.values(ComparisonLabel) }
const bounds = object({ value: num(), lower: num(), upper: num() })
const groupRank = object({
  group_id: str(),
  group_name: str(),
  rank: int('1 is the highest value.'),
  of: int('How many areas in the group have a value.'),
  quintile: { type: ['integer', 'null'] },
})

const schemas: Record<string, Schema> = {
  Licence: object(
    { name: { const: LICENCE.name }, url: { const: LICENCE.url } },
    'The licence the data is published under.',
  ),
  Error: object({ error: object({ status: int('The HTTP status.'), message: str('What was wrong, in words.') }) }),
  Citation: object(
    {
      document: str("The source document's title and date."),
      file: str("The source document's file name."),
      section: nullableStr(),
      quote: str('Words of the source document that state this item.'),
    },
    'Where an item comes from.',
  ),
  Link: object(
    {
      relation: {
        type: 'string',
        examples: [
          'serves',
          'shows_success_of',
          'in_column',
          'evidences',
          'measures',
          'speaks_to',
          'in_theme',
          'has_outcome',
          'delivers',
        ],
      },
      direction: {
        enum: ['outgoing', 'incoming'],
        description:
          '`outgoing`: this item → the other (an indicator `evidences` an intention); `incoming`: the other → this item.',
      },
      label: nullableStr(),
      kind: str(),
      strategy_id: str(),
      id: str(),
      title: str(),
      web_url: str(),
    },
    'A link in the golden thread between two strategy items.',
  ),
  StrategyItem: object(itemProperties, 'An item of a strategy, citing its source, with its links.'),
  Intention: object(
    {
      ...itemProperties,
      priority_ids: idList('system priorities it serves'),
      success_measure_ids: idList('success measures that show it'),
      indicator_ids: idList('indicators that evidence it'),
    },
    'A shared intention within an outcome.',
  ),
  SuccessMeasure: object(
    {
      ...itemProperties,
      intention_ids: idList('intentions it shows the success of'),
      indicator_ids: idList('indicators that measure it'),
    },
    'What success looks like, within an outcome.',
  ),
  Outcome: object(
    {
      ...itemProperties,
      short_title: nullableStr(),
      intentions: arrayOf(ref('Intention')),
      success_measures: arrayOf(ref('SuccessMeasure')),
      indicator_ids: idList("indicators in this outcome's column"),
    },
    'An outcome with its shared intentions and success measures.',
  ),
  StrategySummary: object(summaryProperties),
  Strategy: object(
    {
      ...summaryProperties,
      sources: arrayOf(
        object({ file: str(), title: str(), date: nullableStr() }),
        'The documents the strategy is transcribed from.',
      ),
      source: ref('Citation'),
      vision: nullable(ref('StrategyItem')),
      pledges: arrayOf(ref('StrategyItem')),
      outcomes: arrayOf(ref('Outcome')),
      priorities: arrayOf(ref('StrategyItem')),
      childrens_outcomes: arrayOf(ref('StrategyItem'), 'The children\'s own "My …" outcomes.'),
      themes: arrayOf(ref('StrategyItem')),
      indicators: arrayOf(ref('StrategyItem')),
    },
    'A strategy as data.',
  ),
  IndicatorMetadata: object({
    definition: tbcOr(str()),
    value_type: { enum: [...ValueType.options, 'tbc'] },
    unit: tbcOr(str()),
    multiplier: tbcOr(num()),
    polarity: { enum: [...Polarity.options, 'tbc'] },
    ci_method: {
      enum: [...CiMethod.options, 'tbc'],
      description: 'How 95% intervals are worked out when the source gives none.',
    },
    frequency: { enum: [...Frequency.options, 'tbc'] },
    rba_kind: {
      enum: [...RbaKind.options, 'tbc'],
      description: 'Results-Based Accountability: population indicator or performance measure.',
    },
    benchmarks: arrayOf({ enum: ['england', 'london', 'statistical_neighbours'] }),
    target: { oneOf: [{ type: 'null' }, { const: 'tbc' }, object({ value: num(), by: str(), source: str() })] },
    data_source: tbcOr(str()),
    owner: tbcOr(str()),
    notes: nullableStr(),
  }),
  IndicatorSources: object(
    {
      match: {
        enum: ['exact', 'proxy', null],
        description:
          "`exact`: the published figures are the framework's own measure; `proxy`: a published measure that stands in for it; null: no public source is mapped (figures, if any, are quoted from the strategy's documents or loaded by an analyst).",
      },
      proxy_notes: arrayOf(
        str(),
        "For a proxy: what the published measure is and how it differs from the framework's.",
      ),
      publications: arrayOf(str(), 'The publisher and publication of each source.'),
      licence: { enum: ['Open Government Licence v3.0', null] },
      attribution: nullableStr('The attribution the licence asks for, to show with the figures.'),
      update_frequency: {
        enum: ['annual', 'quarterly', 'monthly', 'discontinued', null],
        description: 'How often the publisher updates the figures.',
      },
      freshness: object(
        {
          area_code: str("The partnership's area, whose figures these are."),
          latest_period: nullableStr('The latest period with a figure for the area.'),
          loaded_at: {
            type: ['string', 'null'],
            format: 'date-time',
            description: 'When that figure was loaded here.',
          },
          next_figures: nullableStr("The period the publisher's next figures are for, for a source published yearly."),
        },
        "How fresh the area's figures are.",
      ),
    },
    "Where an indicator's published figures come from (data/sources/mappings.yaml), and how fresh they are.",
  ),
  Indicator: object({
    id: str(),
    name: str(),
    fingertips_id: { type: ['integer', 'null'], description: 'The OHID Fingertips indicator id, where there is one.' },
    in_framework: {
      type: 'boolean',
      description: 'False for context indicators that are not in the outcomes framework.',
    },
    metadata: ref('IndicatorMetadata'),
    sources: ref('IndicatorSources'),
    strategy_items: arrayOf(ref('StrategyItem'), 'The indicator as each strategy names it, with its golden thread.'),
    api_url: str(),
    data_url: str(),
    summaries_url: str(),
    web_url: nullableStr(),
  }),
  DataPoint: object(
    {
      indicator_id: str(),
      area_code: str(),
      area_name: str(),
      period: str('The period as the source writes it, e.g. 2021/22.'),
      period_key: {
        type: 'string',
        description: "The period's first and last days: sorts in time order.",
        pattern: '^\\d{4}-\\d{2}-\\d{2}/\\d{4}-\\d{2}-\\d{2}$',
      },
      period_type: str(),
      sex: str(),
      age: str(),
      category_type: str(),
      category: str(),
      value: nullableNum(),
      lower_95: nullableNum(),
      upper_95: nullableNum(),
      lower_998: nullableNum(),
      upper_998: nullableNum(),
      count: nullableNum(),
      denominator: nullableNum(),
      note: nullableStr(),
      source: str('Where the figure comes from.'),
      source_match: {
        enum: ['exact', 'proxy', null],
        description:
          "For a publisher's figure mapped to the indicator: its exact measure, or a proxy for it; null otherwise.",
      },
      licence: {
        enum: ['Open Government Licence v3.0', null],
        description: 'The licence the source states, when it states one.',
      },
      recorded_at: { type: 'string', format: 'date-time', description: 'When this value was recorded here.' },
      suppressed,
    },
    'One figure: an indicator, area, period and breakdown.',
  ),
  Summary: object(
    {
      indicator_id: str(),
      area_code: str(),
      sex: str(),
      age: str(),
      category_type: str(),
      category: str(),
      latest: object({
        period_key: str(),
        period_label: str(),
        value: num(),
        lower_95: nullableNum(),
        upper_95: nullableNum(),
        interval_source: { enum: ['published', 'computed', null] },
        count: nullableNum(),
        denominator: nullableNum(),
        source: str(),
      }),
      england: object({ value: nullableNum(), comparison }),
      london: object({ value: nullableNum(), comparison }),
      london_rank: nullable(groupRank),
      group_ranks: arrayOf(groupRank),
      trend: object({ label: { enum: Object.values(TrendLabel) }, message: str() }),
      projection: nullable(
        object({
          slope: num(),
          points: arrayOf(object({ period_key: str(), year: int(), value: num(), lower: num(), upper: num() })),
        }),
      ),
      target: nullable(
        object({ value: num(), by: int(), progress: { enum: [...Object.values(ProgressLabel), 'Not enough data'] } }),
      ),
      gap: nullable(object({ compared_with: str(), absolute: bounds, relative: nullable(bounds), trend: str() })),
      history: int('How many periods of data there are.'),
    },
    'The statistics of the latest value: intervals, comparisons with England and London, rank, trend, projection.',
  ),
  SummaryRow: object({
    indicator_id: str(),
    area_code: str(),
    area_name: str(),
    sex: str(),
    age: str(),
    category_type: str(),
    category: str(),
    period: str('The latest period.'),
    summary: nullable(ref('Summary')),
    finding: nullableStr('The finding in plain English.'),
    suppressed,
  }),
  Area: object({
    code: { type: 'string', pattern: GSS_PATTERN, description: 'The ONS GSS code.' },
    name: str(),
    type: str(),
    parent_code: nullableStr(),
    valid_from: { type: ['string', 'null'], format: 'date' },
    valid_to: { type: ['string', 'null'], format: 'date' },
    source: str(),
  }),
  StrategiesResponse: object({ ...envelope, ...pageSchemaFields, strategies: arrayOf(ref('StrategySummary')) }),
  StrategyResponse: object({ ...envelope, strategy: ref('Strategy') }),
  OutcomesResponse: object({ ...envelope, ...pageSchemaFields, outcomes: arrayOf(ref('Outcome')) }),
  OutcomeResponse: object({ ...envelope, outcome: ref('Outcome') }),
  IndicatorsResponse: object({ ...envelope, ...pageSchemaFields, indicators: arrayOf(ref('Indicator')) }),
  IndicatorResponse: object({ ...envelope, indicator: ref('Indicator') }),
  SummariesResponse: object({
    ...envelope,
    query: object({ indicator: arrayOf(str()), ...breakdownQuerySchema }),
    ...pageSchemaFields,
    summaries: arrayOf(ref('SummaryRow')),
  }),
  DataResponse: object({
    ...envelope,
    query: object({
      indicator: { type: ['array', 'null'], items: str() },
      ...breakdownQuerySchema,
      as_of: { type: ['string', 'null'], format: 'date' },
    }),
    ...pageSchemaFields,
    attribution: nullableStr(
      '"Contains public sector information licensed under the Open Government Licence v3.0", when any figure\'s source is under that licence.',
    ),
    data: arrayOf(
      ref('DataPoint'),
      'This page of the data points, in a fixed order (indicator, area, period, breakdown).',
    ),
  }),
  AreasResponse: object({ ...envelope, ...pageSchemaFields, areas: arrayOf(ref('Area')) }),
  Amendment: object(
    {
      release_id: str('The release that changed the figures.'),
      published_at: { type: 'string', format: 'date-time', description: 'When the release made the change public.' },
      revised: int('How many of the indicator’s published figures the release changed.'),
      note: str('The public note of what changed and why.'),
    },
    'A release that changed figures already published.',
  ),
  AmendmentsResponse: object({
    ...envelope,
    indicator: str(),
    ...pageSchemaFields,
    amendments: arrayOf(ref('Amendment'), 'Newest first. The figures before each are in the data with as_of.'),
  }),
}

// ---- parameters ------------------------------------------------------------------------------

const parameters = {
  strategyId: {
    name: 'strategyId',
    in: 'path',
    required: true,
    description: 'A strategy id.',
    schema: { type: 'string', pattern: ID_PATTERN },
    example: 'best-chance-2022-25',
  },
  outcomeId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'An outcome id.',
    schema: { type: 'string', pattern: ID_PATTERN },
    example: 'best-start',
  },
  indicatorId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'An indicator id.',
    schema: { type: 'string', pattern: ID_PATTERN },
    example: 'year-6-obesity',
  },
  strategy: {
    name: 'strategy',
    in: 'query',
    required: false,
    description: "The strategy, when two strategies use the same id (the site's own strategy is the default).",
    schema: { type: 'string', pattern: ID_PATTERN },
  },
  area: {
    name: 'area',
    in: 'query',
    required: false,
    description: 'Only these areas: one ONS GSS code, or several separated by commas.',
    schema: { type: 'string', pattern: GSS_LIST_PATTERN },
    example: 'E09000002',
  },
  indicator: {
    name: 'indicator',
    in: 'query',
    required: false,
    description: 'Only these indicators: one id, or several separated by commas.',
    schema: { type: 'string' },
    example: 'year-6-obesity',
  },
  asOf: {
    name: 'as_of',
    in: 'query',
    required: false,
    description:
      'The data as it stood at the end of this date (UK time), before any later revision. Revised values are kept, so past answers can be reproduced; a release is in the data from the moment it was published, never before. Leave out for the current data.',
    schema: { type: 'string', format: 'date' },
  },
  ...dataParameters,
}

const dataFilters = Object.values(dataParameters)

// ---- operations ------------------------------------------------------------------------------

const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
})
const badRequest = json('Error', 'A query parameter is not valid or not known.')
const notFound = (what: string) => json('Error', `There is no ${what}.`)

function get(
  operationId: string,
  summary: string,
  description: string,
  params: Schema[],
  ok: string,
  okDescription: string,
  missing?: string,
) {
  return {
    get: {
      operationId,
      summary,
      description,
      parameters: params,
      responses: {
        '200': json(ok, okDescription),
        '400': badRequest,
        ...(missing ? { '404': notFound(missing) } : {}),
      },
    },
  }
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Best Chance open data API',
    version: '1.0.0',
    summary: 'The Best Chance strategy, its indicators and their data, as JSON.',
    description:
      'Read-only and open: no key, no sign-in. Every figure passes the same disclosure control as the website: small counts ' +
      'and the figures they could be worked out from are returned as null, with `suppressed` saying why.',
    license: { name: LICENCE.name, url: LICENCE.url },
  },
  paths: {
    '/api/v1/strategies': get(
      'listStrategies',
      'Strategies',
      "Every strategy loaded, the site's own first, with links to each as data, a page at a time.",
      pagingParameters,
      'StrategiesResponse',
      'The strategies.',
    ),
    '/api/v1/strategies/{strategyId}': get(
      'getStrategy',
      'A strategy as data',
      'The vision, pledges, outcomes (with shared intentions and success measures), system priorities, the children\'s "My …" ' +
        'outcomes, themes and indicators. Each item has its source (document and quote) and its links: the golden thread.',
      [parameters.strategyId],
      'StrategyResponse',
      'The strategy.',
      'strategy with this id',
    ),
    '/api/v1/outcomes': get(
      'listOutcomes',
      'Outcomes',
      "Every strategy's outcomes, with their shared intentions, success measures and the ids of their indicators, a page at a time.",
      pagingParameters,
      'OutcomesResponse',
      'The outcomes.',
    ),
    '/api/v1/outcomes/{id}': get(
      'getOutcome',
      'An outcome',
      'One outcome with its shared intentions, success measures and the ids of their indicators.',
      [parameters.outcomeId, parameters.strategy],
      'OutcomeResponse',
      'The outcome.',
      'outcome with this id',
    ),
    '/api/v1/indicators': get(
      'listIndicators',
      'Indicators',
      'Every indicator: what it measures, how, where its data comes from, and where it sits in the strategies, a page at a time.',
      pagingParameters,
      'IndicatorsResponse',
      "The indicators' metadata.",
    ),
    '/api/v1/indicators/{id}': get(
      'getIndicator',
      'An indicator',
      "One indicator's metadata and golden thread.",
      [parameters.indicatorId],
      'IndicatorResponse',
      "The indicator's metadata.",
      'indicator with this id',
    ),
    '/api/v1/indicators/{id}/summaries': get(
      'getIndicatorSummaries',
      "An indicator's latest figures",
      'For each area and breakdown: the latest value, its comparison with England and London, rank, trend and projection, and the finding in words, a page at a time.',
      [parameters.indicatorId, parameters.area, ...breakdownParameters],
      'SummariesResponse',
      'The summaries.',
      'indicator or area with this id',
    ),
    '/api/v1/indicators/{id}/data': get(
      'getIndicatorData',
      "An indicator's data",
      'Every figure of one indicator: each area, period and breakdown, a page at a time.',
      [parameters.indicatorId, parameters.area, parameters.asOf, ...dataFilters],
      'DataResponse',
      'The data points.',
      'indicator or area with this id',
    ),
    '/api/v1/indicators/{id}/amendments': get(
      'getIndicatorAmendments',
      "An indicator's amendments",
      'Every published release that changed figures of this indicator already public: when, how many, and the note of what changed and why.',
      [parameters.indicatorId, ...pagingParameters],
      'AmendmentsResponse',
      'The amendment history.',
      'indicator with this id',
    ),
    '/api/v1/data': get(
      'getData',
      'Data',
      'Figures for any indicators and areas (all of them when no filter is given), a page at a time.',
      [parameters.indicator, parameters.area, parameters.asOf, ...dataFilters],
      'DataResponse',
      'The data points.',
      'indicator or area with this id',
    ),
    '/api/v1/areas': get(
      'listAreas',
      'Areas',
      'The areas the data covers, with their ONS GSS codes, a page at a time.',
      pagingParameters,
      'AreasResponse',
      'The areas.',
    ),
  },
  components: { schemas },
} as const

export type OpenApiDocument = typeof openApiDocument
