/** Tables of this module: boards, memberships, meetings, agenda items, papers, decisions (migration 0007). */

// TODO(boards): declare this module's tables here, one property per table.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BoardTables {}
