/**
 * What comes first on "My work", as pure rules: an owner's actions overdue first, then those due an
 * update, then the rest; an analyst's indicators split into "new data, no story" and "story older
 * than the data"; a board member's packs to read, soonest meeting first.
 */

export interface OwnerAction {
  overdue: boolean
  stale: boolean
  dueDate: string | null
}

const urgency = (a: OwnerAction) => (a.overdue ? 0 : a.stale ? 1 : 2)

/** Overdue first, then due an update, then the rest; soonest due first within each. */
export function ownerOrder<T extends OwnerAction>(actions: readonly T[]): T[] {
  return [...actions].sort(
    (a, b) => urgency(a) - urgency(b) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'),
  )
}

export interface StoryStateLike {
  latestDataAt: Date
  storyUpdatedAt: Date | null
}

/** Indicators with data and no story, and those whose story was saved before their newest data. */
export function storyWork<T extends StoryStateLike>(states: readonly T[]): { noStory: T[]; staleStory: T[] } {
  return {
    noStory: states.filter((s) => s.storyUpdatedAt === null),
    staleStory: states.filter((s) => s.storyUpdatedAt !== null && s.storyUpdatedAt < s.latestDataAt),
  }
}

export interface PackToRead {
  meetingId: string
  version: number
  status: 'draft' | 'signed_off'
}

/**
 * The packs a board member should read before a coming meeting: the newest version of each, in the
 * order of the meetings given (soonest first). A signed-off version is the board's record; a newer
 * draft is still shown, as it is what the meeting will see.
 */
export function packsToRead<T extends PackToRead>(newest: readonly T[], meetingOrder?: readonly string[]): T[] {
  const latest = new Map<string, T>()
  for (const p of newest) {
    const held = latest.get(p.meetingId)
    if (!held || p.version > held.version) latest.set(p.meetingId, p)
  }
  const order = meetingOrder ?? [...latest.keys()]
  return order.flatMap((id) => {
    const p = latest.get(id)
    return p ? [p] : []
  })
}
