/**
 * `best-chance report reminders [--days 14] [--format text|csv] [--send]`: before each board meeting,
 * who owes an update, and with --send an e-mail to each of them. And `best-chance report board-pack --board <id> --meeting <id|date> --out <file.pdf|.html|.xlsx>`:
 * a board's performance pack for one of its meetings, from the live data (as of `--as-of`, by
 * default the meeting's day or today if it is still to come), written as the file's extension says.
 * Nothing is stored: saving and signing off are done on the meeting's page. Without Chromium, a PDF
 * cannot be printed: the error names the package, and the HTML is written beside it instead.
 * Exit codes: 0 written, 1 refused (nothing or only the HTML written), 2 usage.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { CommandContext } from '../command-context.js'
import { findMeeting, listMeetings, type Meeting } from '../../../modules/boards/boards.repository.js'
import type { Browser } from 'playwright-core'
import { formatOf, LIVE_STATUS, packFile, packHtml, type PackFormat } from '../../../modules/reports/pack.outputs.js'
import { ChromiumMissing, launchPrinter } from '../../../modules/reports/pack.pdf.js'
import { preparePack } from '../../../modules/reports/pack.service.js'
import type { PackContent } from '../../../modules/reports/pack.types.js'
import { strategyService } from '../../../modules/strategy/strategy.service.js'
import { reminders, remindersCsv, remindersText } from '../../../modules/reports/reminders.js'
import { sendReminders, sendWords } from '../../../modules/reports/reminders.send.js'
import { createMailer } from '../../../lib/mailer.js'
import { todayInLondon } from '../../../lib/dates.js'
import { parseFlags, UsageError } from './flags.js'

export const REPORT_BOARD_PACK_USAGE = `  report board-pack --board <id> --meeting <id|YYYY-MM-DD> --out <file.pdf|.html|.xlsx> [--as-of YYYY-MM-DD] [--strategy <id>]
                               a board's performance pack for a meeting, from the live data as it stood
                               at the end of --as-of (default: the meeting's day, or today if it is to come)`

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The board's meeting by id, or by its date when exactly one falls on it; otherwise why not. */
async function meetingFor(
  ctx: CommandContext,
  db: Parameters<typeof listMeetings>[0],
  board: { strategyId: string; boardId: string; title: string },
  given: string,
): Promise<Meeting | string> {
  const meetings = await listMeetings(db, board)
  const list = () =>
    meetings.length
      ? `its meetings: ${meetings.map((x) => `${x.id} (${x.meetsOn})`).join(', ')}`
      : 'it has no meetings recorded'
  if (DAY.test(given)) {
    const on = meetings.filter((x) => x.meetsOn === given)
    if (on.length === 1) return on[0]!
    return on.length
      ? `the ${board.title} has ${on.length} meetings on ${given}: give one of their ids (${on.map((x) => x.id).join(', ')})`
      : `the ${board.title} has no meeting on ${given}; ${list()}`
  }
  const meeting = /^\d{1,18}$/.test(given) ? await findMeeting(db, given) : undefined
  if (!meeting || meeting.strategyId !== board.strategyId || meeting.boardId !== board.boardId)
    return `the ${board.title} has no meeting ${given}; ${list()}`
  return meeting
}

const summary = (pack: PackContent) =>
  `board pack for the ${pack.board.title}, ${pack.meeting.title} (${pack.meeting.date}), data as of the end of ${pack.asOfText}: ` +
  `${pack.exceptions.length} exception${pack.exceptions.length === 1 ? '' : 's'}${pack.empty ? '; nothing is in its scope yet' : ''}`

export async function reportBoardPackCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ['board', 'meeting', 'out', 'as-of', 'strategy'], [])
  const [boardId, meetingId, out, asOf] = [flags.board, flags.meeting, flags.out, flags['as-of']].map((v) =>
    typeof v === 'string' ? v.trim() : undefined,
  )
  if (positional.length || !boardId || !meetingId || !out)
    throw new UsageError('report board-pack needs --board, --meeting and --out')
  const format = formatOf(out)
  if (!format) throw new UsageError(`report board-pack writes .pdf, .html or .xlsx, not ${path.basename(out)}`)
  if (asOf !== undefined && !DAY.test(asOf)) throw new UsageError('--as-of is a date written like 2026-03-31')
  const file = path.resolve(ctx.cwd, out)
  if (!existsSync(path.dirname(file))) {
    ctx.io.err(`cannot write ${file}: there is no folder ${path.dirname(file)}`)
    return 1
  }
  ctx.io.progress(5)
  const { db } = await ctx.database('strategies')
  const model = await strategyService(db, ctx.config.primaryStrategy).readModel()
  const board = model.find('body', boardId, typeof flags.strategy === 'string' ? flags.strategy : undefined)
  if (!board) {
    ctx.io.err(
      `there is no board "${boardId}"; the boards are: ${model
        .ofKind('body')
        .map((b) => b.id)
        .join(', ')}`,
    )
    return 1
  }
  const meeting = await meetingFor(
    ctx,
    db,
    { strategyId: board.strategyId, boardId: board.id, title: board.title },
    meetingId,
  )
  if (typeof meeting === 'string') {
    ctx.io.err(meeting)
    return 1
  }
  ctx.io.progress(20)
  // Chromium starts while the data is gathered: its start-up overlaps the reads.
  const printer =
    format === 'pdf'
      ? launchPrinter().then(
          (b) => b,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        )
      : null
  try {
    const pack = await preparePack({ db, model, threshold: ctx.config.disclosureThreshold }, board, meeting.id, asOf)
    ctx.io.progress(60)
    return await writePack(ctx, file, format, pack, printer ? await printer : null)
  } finally {
    const started = printer ? await printer : null
    if (started && !(started instanceof Error)) await started.close()
  }
}

/** Writes the file; without Chromium, the HTML beside it and the package to install. */
async function writePack(
  ctx: CommandContext,
  file: string,
  format: PackFormat,
  pack: PackContent,
  printer: Browser | Error | null,
): Promise<number> {
  try {
    if (printer instanceof Error) throw printer
    await writeFile(file, await packFile(pack, LIVE_STATUS, format, printer ?? undefined))
  } catch (error) {
    if (!(error instanceof ChromiumMissing)) throw error
    const html = file.replace(/\.pdf$/i, '.html')
    await writeFile(html, packHtml(pack, LIVE_STATUS))
    ctx.io.progress(null)
    ctx.io.err(`${error.message}\nwrote the HTML instead: ${html}`)
    return 1
  }
  ctx.io.progress(null)
  ctx.io.out(`wrote ${file}: ${summary(pack)}`)
  return 0
}

export const REPORT_REMINDERS_USAGE = `  report reminders [--days 14] [--format text|csv] [--board <id>] [--out <file>] [--send]
                               for each board meeting in the next days, the owners whose actions and risks
                               in its scope have had no update since it last met, and the analysts whose
                               indicators have a publisher's update due: one line per person and item;
                               --send e-mails each person their items (SMTP_URL and SMTP_FROM)`

export async function reportRemindersCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ['days', 'format', 'board', 'out'], ['send'])
  const days = flags.days === undefined ? 14 : Number(flags.days)
  const format = flags.format ?? 'text'
  if (positional.length || !Number.isInteger(days) || days < 0 || days > 366)
    throw new UsageError('report reminders takes --days, a whole number of days from 0 to 366')
  if (format !== 'text' && format !== 'csv') throw new UsageError('report reminders writes --format text or csv')
  const mailer = createMailer(ctx.config.smtp)
  if (flags.send && !mailer.enabled) {
    ctx.io.err('report reminders --send: e-mail is not set up; set SMTP_URL and SMTP_FROM (nothing was sent)')
    return 1
  }
  const { db } = await ctx.database('strategies')
  const model = await strategyService(db, ctx.config.primaryStrategy).readModel()
  const boardId = typeof flags.board === 'string' ? flags.board : undefined
  if (boardId && !model.find('body', boardId)) {
    ctx.io.err(`there is no board "${boardId}"`)
    return 1
  }
  const list = await reminders({ db, model, threshold: ctx.config.disclosureThreshold }, todayInLondon(), days, boardId)
  const text = format === 'csv' ? remindersCsv(list) : remindersText(list, days)
  if (typeof flags.out === 'string') {
    const file = path.resolve(ctx.cwd, flags.out)
    await writeFile(file, text)
    ctx.io.out(`wrote ${list.length} reminder${list.length === 1 ? '' : 's'} to ${file}`)
  } else ctx.io.out(text.replace(/\r?\n$/, ''))
  if (!flags.send) return 0
  const sent = await sendReminders(db, mailer, list, ctx.actor, ctx.config.oidc?.baseUrl ?? '')
  ;(typeof flags.out === 'string' || format === 'text' ? ctx.io.out : ctx.io.err)(sendWords(sent))
  return sent.failed.length ? 1 : 0
}
