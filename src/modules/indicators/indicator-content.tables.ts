/** Tables of the indicator page's written content: the story behind the curve (migration 0008). */

// TODO(indicator content): declare this module's tables here, one property per table.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IndicatorContentTables {}
