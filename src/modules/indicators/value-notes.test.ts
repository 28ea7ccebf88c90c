import { describe, expect, it } from 'vitest'
import { isInternalNote, publicNote } from './value-notes.js'

describe('public and internal notes', () => {
  it('keeps transcription notes and notes marked internal off public outputs', () => {
    expect(publicNote('The digits after the brackets are footnote numbers.')).toBeNull()
    expect(publicNote('The source prints "2021/2223": 2021/22 followed by footnote 23.')).toBeNull()
    expect(publicNote('Internal: checked against the PDF')).toBeNull()
    expect(isInternalNote('internal - typed by hand')).toBe(true)
  })
  it('keeps notes about the value', () => {
    expect(publicNote('Year ending March 2023.')).toBe('Year ending March 2023.')
    expect(publicNote('Rounded ("around").')).toBe('Rounded ("around").')
    expect(publicNote(null)).toBeNull()
    expect(publicNote('')).toBeNull()
  })
})
