import { describe, expect, it } from 'vitest'
import { fixedFigures } from './audit.js'

describe('which hidden figures the groups fix together', () => {
  it('finds a figure joining two pairs of hidden figures, though every group has two hidden', () => {
    // A table of four rows and four columns (cells 0-15, row r column c = 4r + c), each row and each
    // column adding up to a shown total (16-19 rows, 20-23 columns). Hidden: the square of rows 0-1 and
    // columns 0-1, the square of rows 2-3 and columns 2-3, and cell 2 (row 0, column 2) between them.
    const partitions = [
      ...[0, 1, 2, 3].map((r) => ({ total: 16 + r, members: [0, 1, 2, 3].map((c) => 4 * r + c) })),
      ...[0, 1, 2, 3].map((c) => ({ total: 20 + c, members: [0, 1, 2, 3].map((r) => 4 * r + c) })),
    ]
    const hiddenCells = [0, 1, 4, 5, 10, 11, 14, 15, 2]
    const hidden = Array.from({ length: 24 }, (_, i) => hiddenCells.includes(i))
    for (const p of partitions) expect([p.total, ...p.members].filter((i) => hidden[i]).length).not.toBe(1)
    expect(fixedFigures(hidden, partitions, hiddenCells)).toEqual([2])
    // Without the joining cell, the squares fix nothing.
    hidden[2] = false
    expect(fixedFigures(hidden, partitions, hiddenCells)).toEqual([])
  })

  it('fixes the one hidden cell of a group, and a total against its members', () => {
    expect(fixedFigures([true, false, false], [{ total: 0, members: [1, 2] }], [0])).toEqual([0])
    expect(fixedFigures([false, true, false], [{ total: 0, members: [1, 2] }], [1])).toEqual([1])
    expect(fixedFigures([false, true, true], [{ total: 0, members: [1, 2] }], [1, 2])).toEqual([])
  })
})
