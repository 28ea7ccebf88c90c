/**
 * A pack's record: saved as a draft version (its content frozen, hashed), then signed off once by
 * a board member of that board or an administrator, which keeps the PDF printed from that content
 * byte for byte. Nothing is edited or deleted (the table's trigger refuses it too): a correction is
 * a new version, with its reason. Every step is one transaction with its audit event (entity
 * 'board_pack') and the data version.
 */
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { withChange } from '../../db/changes/with-change.js'
import type { ActingUser, Actor } from '../../db/changes/actor.js'
import { stableStringify } from '../../lib/stable-json.js'
import { canRecordMeetings, type SessionUser } from '../accounts/access.js'
import { isCurrentMembership } from '../boards/boards.domain.js'
import type { Membership } from '../boards/boards.repository.js'
import {
  findPack,
  insertPack,
  lockMeeting,
  markSignedOff,
  nextVersion,
  packsForMeeting,
  type StoredPack,
} from './packs.repository.js'
import type { PackContent } from './pack.types.js'

/** Who saves or signs off: a signed-in person, or a command-line or test actor. */
export type Who = Actor | ActingUser | string

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** The content as stored and hashed: JSON with keys in a fixed order. */
export const contentText = (content: PackContent) => stableStringify(content)

/**
 * What a person reviewed, for comparing with what is saved: the content's hash with the moment it
 * was prepared left out (that alone differs between two preparations of the same data).
 */
export const reviewHash = (content: PackContent) => sha256(contentText({ ...content, generatedAt: '' }))

export class PackRefused extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 403 | 404 | 409,
  ) {
    super(message)
  }
}

/**
 * Who may save and sign off a board's pack: an administrator, or a board member whose organisation
 * holds a current seat on that board (the same people who record its meetings: canRecordMeetings).
 */
export function maySignOff(
  user: Pick<SessionUser, 'role' | 'organisationId'> | null,
  memberships: readonly Membership[],
  today: string,
): boolean {
  return canRecordMeetings(
    user,
    memberships.filter((m) => isCurrentMembership(m, today)).map((m) => m.organisationId),
  )
}

export function readContent(pack: StoredPack): PackContent {
  if (sha256(pack.content) !== pack.contentSha256)
    throw new Error(`board pack ${pack.id}: its content no longer matches its SHA-256`)
  return JSON.parse(pack.content) as PackContent
}

/**
 * Stores the content as the meeting's next version, a draft. Once a version has been signed off, a
 * new one needs a reason (it corrects or replaces what the board signed off).
 */
export async function saveDraft(
  db: Kysely<Database>,
  content: PackContent,
  reason: string | null,
  actor: Who,
): Promise<StoredPack> {
  const text = contentText(content)
  const hash = sha256(text)
  const why = reason?.trim() || null
  const saved = await withChange(
    db,
    actor,
    {
      entityType: 'board_pack',
      action: 'board-pack.draft',
      idOf: (r: { id: string; version: number }) => r.id,
      detail: (r) => ({
        before: null,
        after: {
          board: `${content.board.strategyId}:${content.board.id}`,
          meeting: content.meeting.id,
          version: r.version,
          asOf: content.asOf,
          contentSha256: hash,
          reason: why,
          status: 'draft',
        },
      }),
    },
    async (tx, change) => {
      await lockMeeting(tx, content.meeting.id)
      const earlier = await packsForMeeting(tx, content.meeting.id)
      if (earlier.some((p) => p.status === 'signed_off') && !why)
        throw new PackRefused('A version of this pack has been signed off: say why a new version is needed', 400)
      const version = await nextVersion(tx, content.meeting.id)
      const pack = {
        strategyId: content.board.strategyId,
        boardId: content.board.id,
        meetingId: content.meeting.id,
        version,
        asOf: content.asOf,
        content: text,
        contentSha256: hash,
        reason: why,
      }
      return { id: await insertPack(tx, { ...pack, createdBy: change.actor.key }), version }
    },
  )
  return (await findPack(db, saved.id))!
}

/**
 * Signs a draft off with the PDF printed from its content. Refused for a version already signed
 * off (whoever asks, however often) and for anyone outside the board: the caller checks the board
 * with maySignOff and passes the answer, since only it has the memberships. `signer` is how the
 * pack names who signed it off: a role and an organisation, never a person's name.
 */
export async function signOff(
  db: Kysely<Database>,
  packId: string,
  pdf: Buffer,
  user: Who,
  allowed: boolean,
  signer: string,
  /** The public version's PDF, printed now so the public archive never prints on request. */
  publicPdf: Buffer | null = null,
): Promise<StoredPack> {
  if (!allowed)
    throw new PackRefused(
      'Only administrators, and board members whose organisation sits on this board, sign off its packs',
      403,
    )
  const pdfHash = sha256(pdf)
  const publicHash = publicPdf ? sha256(publicPdf) : null
  await withChange(
    db,
    user,
    {
      entityType: 'board_pack',
      action: 'board-pack.sign-off',
      entityId: packId,
      detail: (pack: StoredPack) => ({
        before: { status: 'draft', version: pack.version, contentSha256: pack.contentSha256 },
        after: {
          status: 'signed_off',
          version: pack.version,
          contentSha256: pack.contentSha256,
          pdfSha256: pdfHash,
          pdfBytes: pdf.length,
          publicPdfSha256: publicHash,
          signedOffBy: signer,
        },
      }),
    },
    async (tx) => {
      const pack = await findPack(tx, packId, { lock: true, anyKind: true })
      if (!pack) throw new PackRefused('There is no such pack', 404)
      if (pack.status === 'signed_off')
        throw new PackRefused(
          `Version ${pack.version} of this pack is already signed off: it cannot be signed off again`,
          409,
        )
      const pdfs = { pdf, pdfSha256: pdfHash, publicPdf, publicPdfSha256: publicHash }
      if (!(await markSignedOff(tx, packId, pdfs, signer)))
        throw new PackRefused(`Version ${pack.version} of this pack is already signed off`, 409)
      return pack
    },
  )
  return (await findPack(db, packId, { anyKind: true }))!
}
