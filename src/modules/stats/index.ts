/**
 * Public API of the statistics module: OHID / Fingertips methods, pure and dependency-free.
 */
export { qnorm, qchisq, pchisq, qgamma, pgamma, qt, pt } from './distributions.js'
export {
  CONFIDENCE_95,
  CONFIDENCE_99_8,
  DEFAULT_CONFIDENCE_LEVELS,
  checkConfidence,
  confidenceLevels,
  limitsAt,
  parseConfidence,
  twoSidedZ,
  type ConfidenceLimits,
  type Estimate,
} from './confidence.js'
export { PERCENTAGE, WILSON_METHOD, proportion, wilsonLimits, type ProportionOptions } from './proportion.js'
export {
  AppliedRateMethod,
  PER_100_000,
  PHE_EXACT_BELOW,
  RateMethod,
  appliedMethod,
  byarLower,
  byarUpper,
  count,
  countLimits,
  exactLower,
  exactUpper,
  rate,
  type RateEstimate,
  type RateOptions,
} from './rate.js'
export {
  DSR_METHOD,
  DSR_MIN_TOTAL_COUNT,
  DSR_NON_INDEPENDENT_METHOD,
  ESP2013,
  dsr,
  dsrNonIndependent,
  type AgeBandCounts,
  type AgeBandEventFrequency,
  type DsrEstimate,
  type DsrOptions,
} from './dsr.js'
export {
  isRate,
  isRatio,
  observedAndExpected,
  type IndirectAgeBand,
  type IndirectEstimate,
  type IndirectOptions,
} from './isr.js'
export { mean, meanFromSummary, type MeanEstimate, type MeanOptions } from './mean.js'
export {
  LE_AGE_BANDS,
  LE_MAX_HALF_WIDTH_95,
  LE_METHOD,
  LE_MIN_TOTAL_POPULATION,
  lifeExpectancy,
  type LifeExpectancyAtAge,
  type LifeExpectancyOptions,
  type LifeExpectancyResult,
  type LifeTableBand,
} from './life-expectancy.js'
export {
  ComparisonLabel,
  GoalLabel,
  Polarity,
  QUINTILE_LABELS,
  TrendLabel,
  TwoLevelExtremeLabel,
  parsePolarity,
  type QuintileLabel,
} from './labels.js'
export {
  compareAtTwoLevels,
  compareWithBenchmark,
  compareWithGoal,
  type Goal,
  type StoredInterval,
  type TwoLevelComparison,
  type TwoLevelInterval,
} from './compare.js'
export {
  FINGERTIPS_95_WIDTH_IN_SE,
  TREND_CHI_SQUARE_THRESHOLD,
  TREND_POINTS,
  TrendMarker,
  TrendValueType,
  parseTrendValueType,
  recentTrend,
  trendLabel,
  type TrendOptions,
  type TrendPoint,
  type TrendResult,
} from './trend.js'
export {
  FINGERTIPS_QUINTILE_MIN_AREAS,
  fingertipsQuintile,
  percentileInc,
  quantileGroups,
  rankMin,
  type QuintileResult,
} from './quintiles.js'
export { seededRandom, normalDeviate, type UniformRandom } from './random.js'
export {
  GapTrendLabel,
  SiiValueType,
  gap,
  gapTrend,
  sii,
  type Gap,
  type GapAtPeriod,
  type SiiOptions,
  type SiiQuantile,
  type SiiResult,
  type ValueWithLimits,
} from './inequalities.js'
export {
  FORECAST_DEFAULT_POINTS,
  ProgressLabel,
  progressAgainstTarget,
  project,
  targetDirection,
  type HistoryPoint,
  type ProjectedPoint,
  type Projection,
  type Target,
} from './forecast.js'
export { CsvError, formatCsvField, parseCsv, writeCsv, type CsvRecord } from './csv.js'
export {
  ExitCode,
  STATS_COMMANDS,
  STATS_USAGE,
  runStatsCommand,
  type CommandResult,
  type StatsCommand,
} from './stats-csv.js'
