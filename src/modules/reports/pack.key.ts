/**
 * Every symbol, colour and term a pack uses, in words: councillors ask for nothing to be left to a
 * colour or an icon. The colours are the GOV.UK tags the pages use; each tag also prints its word.
 */
import { statusColour, statusWords } from '../dashboard/scorecard.js'
import { statusInfo } from '../delivery/delivery.domain.js'
import { RATING_BANDS } from '../risks/risks.domain.js'
import { SUPPRESSED_TEXT } from '../disclosure/public-data.js'
import type { KeyEntry } from './pack.types.js'

const colourWords: Record<string, string> = {
  green: 'green',
  yellow: 'yellow',
  red: 'red',
  blue: 'blue',
  grey: 'grey',
  orange: 'orange',
  'govuk-tag--green': 'green',
  'govuk-tag--yellow': 'yellow',
  'govuk-tag--orange': 'orange',
  'govuk-tag--red': 'red',
}

export function packKey(threshold: number, appetiteScore: number): KeyEntry[] {
  const comparisons: KeyEntry[] = Object.entries(statusWords).map(([status, words]) => ({
    term: `${words} (${colourWords[statusColour[status as keyof typeof statusColour]]} label)`,
    meaning: comparisonMeaning[status] ?? words,
  }))
  const actions: KeyEntry[] = Object.values(statusInfo).map((s) => ({
    term: `Action: ${s.label} (${colourWords[s.colour]} label)`,
    meaning: `The action’s owner last reported it as ${s.label.toLowerCase()}.`,
  }))
  const ratings: KeyEntry[] = RATING_BANDS.map((b) => ({
    term: `Risk rated ${b.label} (${colourWords[b.tag]} label)`,
    meaning: `A residual score from ${b.min} to ${b.max}: likelihood (1 to 5) times impact (1 to 5).${b.max > appetiteScore ? ' Above the board’s appetite.' : ''}`,
  }))
  return [
    ...comparisons,
    {
      term: 'Getting better, getting worse',
      meaning:
        'The recent trend: a significant change over the last five periods, in the direction that is better or worse for this indicator.',
    },
    {
      term: 'No significant change',
      meaning: 'The last five periods show no change larger than chance would explain.',
    },
    { term: 'Cannot be calculated', meaning: 'Fewer than five comparable periods, or no counts to test a trend with.' },
    {
      term: 'Significantly',
      meaning: 'The 95% confidence interval of the area’s figure does not include the benchmark’s value.',
    },
    {
      term: SUPPRESSED_TEXT,
      meaning: `Fewer than ${threshold} people were counted, so the figure (and any figure it could be worked out from) is withheld.`,
    },
    { term: 'No data yet', meaning: 'No figure has been loaded for this indicator for the area.' },
    ...actions,
    { term: 'Overdue', meaning: 'The action’s due date has passed and it is neither complete nor cancelled.' },
    {
      term: 'No progress update for N weeks',
      meaning: 'The owner has not reported on an open action for six weeks or more.',
    },
    ...ratings,
    {
      term: 'Escalated to this board',
      meaning: 'A body that answers to this board has brought the risk to it; the pack names who and when.',
    },
    {
      term: 'Charts: solid blue line with round markers',
      meaning: 'The area’s figures, each with a vertical bar for its 95% confidence interval where one is known.',
    },
    { term: 'Charts: dashed black line with square markers', meaning: 'England.' },
    { term: 'Charts: dotted red line with triangle markers', meaning: 'London.' },
    { term: 'Charts: a gap or a hollow marker', meaning: 'No figure for that period, or a figure withheld.' },
  ]
}

const comparisonMeaning: Record<string, string> = {
  better: 'Significantly better than England: the difference is larger than chance would explain.',
  similar: 'Not significantly different from England.',
  worse: 'Significantly worse than England: the difference is larger than chance would explain.',
  'higher-or-lower': 'Significantly higher or lower than England, for an indicator where neither is better in itself.',
  'not-compared': 'A figure exists but could not be tested against England (no interval, or no England figure).',
  'no-data': 'No figure for the area yet.',
}
