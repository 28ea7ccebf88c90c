/** Tables of this module: actions, milestones, progress updates (migration 0005). */

// TODO(delivery): declare this module's tables here, one property per table.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeliveryTables {}
