/** Tables of this module: risks, issues, scores, mitigations, escalations (migration 0006). */

// TODO(risks): declare this module's tables here, one property per table.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RiskTables {}
