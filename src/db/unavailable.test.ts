import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable, oneLineError } from './unavailable.js'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailable', () => {
  it.each([
    ['the server shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a crash shutdown (57P02)', withCode('57P02')],
    ['starting up or shutting down (57P03)', withCode('57P03', 'the database system is starting up')],
    ['too many connections (53300)', withCode('53300')],
    ['a connection exception (08000)', withCode('08000')],
    ['cannot connect (08001)', withCode('08001')],
    ['no connection (08003)', withCode('08003')],
    ['connection failure (08006)', withCode('08006')],
    ['a refused socket', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset socket', withCode('ECONNRESET', 'read ECONNRESET')],
    ['an unreachable host', withCode('EHOSTUNREACH')],
    ['a lost connection (pg)', new Error('Connection terminated unexpectedly')],
    ['a connect timeout (pg)', new Error('Connection terminated due to connection timeout')],
    ['no free connection in time (pg-pool)', new Error('timeout exceeded when trying to connect')],
    ['a dead client (pg)', new Error('Client has encountered a connection error and is not queryable')],
    [
      'every address refused (AggregateError)',
      Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' }),
    ],
    ['every address refused, code only inside', new AggregateError([withCode('ECONNREFUSED')])],
    ['a wrapped cause', new Error('query failed', { cause: withCode('57P01') })],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it.each([
    ['a syntax error (42601)', withCode('42601', 'syntax error at or near "selec"')],
    ['a unique violation (23505)', withCode('23505')],
    ['a protocol violation (08P01), which is a bug', withCode('08P01')],
    ['a cancelled query (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['a dropped database (57P04)', withCode('57P04')],
    ['an ordinary error', new Error('Cannot read properties of undefined')],
    ['a not-found error', Object.assign(new Error('no such page'), { statusCode: 404 })],
    ['a message that only mentions connections', new Error('the connection string is invalid')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    ['undefined', undefined],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })

  it('does not loop on a cause that refers to itself', () => {
    const error = new Error('odd') as Error & { cause?: unknown }
    error.cause = error
    expect(isDatabaseUnavailable(error)).toBe(false)
  })
})

describe('oneLineError', () => {
  it('gives the code and the message on one line', () => {
    expect(oneLineError(withCode('57P01', 'terminating connection\ndue to administrator command'))).toBe(
      '57P01: terminating connection due to administrator command',
    )
    expect(oneLineError(new Error('Connection terminated unexpectedly'))).toBe(
      'no code: Connection terminated unexpectedly',
    )
    expect(oneLineError('odd')).toBe('no code: odd')
    expect(oneLineError(null)).toBe('no code: null')
  })
})
