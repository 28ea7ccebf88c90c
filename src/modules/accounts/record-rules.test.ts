/** The record-level role rules handlers ask: who adds an organisation's records, and for which organisation. */
import { describe, expect, it } from 'vitest'
import {
  canAddOrganisationRecords,
  canEditOrganisationRecord,
  organisationOfRecord,
  type Role,
  type SessionUser,
} from './access.js'

const user = (role: Role, organisationId: string | null): SessionUser => ({
  id: '1',
  email: 'x@example.org',
  displayName: 'X',
  role,
  organisationId,
})

describe('who adds an organisation’s records', () => {
  it('lets owners and administrators add, and no one else', () => {
    expect(canAddOrganisationRecords(user('owner', 'lbbd'))).toBe(true)
    expect(canAddOrganisationRecords(user('administrator', null))).toBe(true)
    expect(canAddOrganisationRecords(user('analyst', 'lbbd'))).toBe(false)
    expect(canAddOrganisationRecords(user('board_member', 'lbbd'))).toBe(false)
    expect(canAddOrganisationRecords(null)).toBe(false)
  })

  it('gives an owner’s record to their own organisation (or the record’s), whatever the form says', () => {
    expect(organisationOfRecord(user('owner', 'lbbd'), 'nelft')).toBe('lbbd')
    expect(organisationOfRecord(user('owner', 'lbbd'), 'nelft', 'vcs')).toBe('vcs')
    expect(organisationOfRecord(user('owner', null), 'nelft')).toBeNull()
  })

  it('gives an administrator’s record to the organisation they chose', () => {
    expect(organisationOfRecord(user('administrator', null), 'nelft')).toBe('nelft')
    expect(organisationOfRecord(user('administrator', null), 'nelft', 'vcs')).toBe('nelft')
  })

  it('lets an owner change only their own organisation’s records, and an administrator any', () => {
    expect(canEditOrganisationRecord(user('owner', 'lbbd'), 'lbbd')).toBe(true)
    expect(canEditOrganisationRecord(user('owner', 'lbbd'), 'nelft')).toBe(false)
    expect(canEditOrganisationRecord(user('administrator', null), 'nelft')).toBe(true)
    expect(canEditOrganisationRecord(user('analyst', 'lbbd'), 'lbbd')).toBe(false)
  })
})
