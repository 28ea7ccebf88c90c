/**
 * A file an import cannot read, and where: the line (a CSV file's line, a worksheet's row) or null
 * when the fault is the whole file's (a workbook cut short, a file over a limit). Every reader
 * throws this, or a subclass, for a fault in the file itself, so each importer reports any of them
 * the same way, as a message naming the file and the line, and tells them apart from its own bugs.
 */
export class FileProblem extends Error {
  constructor(
    readonly line: number | null,
    readonly reason: string,
    message = reason,
  ) {
    super(message)
  }
}
