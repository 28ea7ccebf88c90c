/** An import's report in words, for the terminal and for logs. */
import { WARNINGS_LISTED_PER_KIND, type ImportReport } from './import.service.js'
import type { ReportedProblem } from './import.types.js'

export function formatImportProblem(p: ReportedProblem): string {
  return `${p.line === null ? 'the file' : `line ${p.line}`}${p.column ? `, column "${p.column}"` : ''}: ${p.reason}`
}

export function formatImportReport(report: ImportReport, dryRun: boolean): string {
  const lines: string[] = []
  if (report.errors.length) {
    lines.push(`${report.errors.length} error(s):`, ...report.errors.map((e) => `  ${formatImportProblem(e)}`))
  }
  if (report.warnings.length) {
    lines.push(
      `${report.warnings.length + report.warningsOmitted} warning(s):`,
      ...report.warnings.map((w) => `  ${formatImportProblem(w)}`),
    )
    if (report.warningsOmitted)
      lines.push(
        `  … and ${report.warningsOmitted} more like those above (the first ${WARNINGS_LISTED_PER_KIND} of each kind are listed)`,
      )
  }
  const counts = `rows read ${report.rowsRead}, added ${report.added}, revised ${report.revised}, unchanged ${report.unchanged}, rejected ${report.rejected}`
  const outcome = report.stored
    ? report.rejected
      ? `stored the valid rows; skipped lines ${[...new Set(report.errors.map((e) => e.line))].join(', ')}`
      : report.batchId
        ? `stored as import ${report.batchId}`
        : 'nothing new to store'
    : dryRun && !report.errors.length
      ? 'dry run: nothing stored'
      : report.unreadable
        ? 'refused: nothing stored (the file could not be read: correct it, or save it again)'
        : 'refused: nothing stored (fix the errors, or use --valid-rows-only to load just the valid rows)'
  lines.push(`${report.sourceName} (${report.format ?? 'unknown format'}): ${counts}`, outcome)
  if (report.stored && report.releaseId)
    lines.push(
      `a draft: release ${report.releaseId}, not public until it is approved and its release time comes (/releases/${report.releaseId})`,
    )
  return lines.join('\n')
}
