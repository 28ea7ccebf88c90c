import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailer } from './mailer.js'
import { startSmtpSink, type SmtpSink } from '../../test/helpers/smtp-sink.js'

describe('the e-mail adapter', () => {
  let sink: SmtpSink
  beforeAll(async () => {
    sink = await startSmtpSink()
  })
  afterAll(() => sink.close())

  it('delivers a plain-text message through the configured relay', async () => {
    const mailer = createMailer({ url: sink.url, from: 'Best Chance <best-chance@council.example>' })
    await mailer.send({ to: 'owner@partner.example', subject: 'Update due', text: 'Action 3 needs an update.' })
    expect(sink.received).toHaveLength(1)
    expect(sink.received[0]!.to).toEqual(['owner@partner.example'])
    expect(sink.received[0]!.from).toBe('best-chance@council.example')
    expect(sink.received[0]!.raw).toContain('Subject: Update due')
    expect(sink.received[0]!.raw).toContain('Action 3 needs an update.')
  })

  it('without a relay it says it is off and refuses to pretend to send', async () => {
    const mailer = createMailer(null)
    expect(mailer.enabled).toBe(false)
    await expect(mailer.send({ to: 'a@b.example', subject: 's', text: 't' })).rejects.toThrow(/SMTP_URL/)
  })
})
