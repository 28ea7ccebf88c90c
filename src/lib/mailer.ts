/**
 * The optional e-mail adapter: plain-text messages through an SMTP relay (nodemailer), or nowhere
 * when no relay is configured. Callers build the words; this only delivers them, one message per
 * recipient so no one sees another's address.
 */
import type { Transporter } from 'nodemailer'

export interface MailMessage {
  to: string
  subject: string
  text: string
}

export interface Mailer {
  /** False when no relay is configured: callers say so rather than pretend to send. */
  readonly enabled: boolean
  send(message: MailMessage): Promise<void>
}

export interface MailerSettings {
  url: string
  from: string
}

export function createMailer(settings: MailerSettings | null): Mailer {
  if (!settings) return disabledMailer
  // nodemailer is loaded with the first message, not when the command line or the server starts.
  let transport: Promise<Transporter> | null = null
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(settings.url)))
  return {
    enabled: true,
    async send(message) {
      await (
        await open()
      ).sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text })
    },
  }
}

const disabledMailer: Mailer = {
  enabled: false,
  send() {
    return Promise.reject(new Error('E-mail is not set up: set SMTP_URL and SMTP_FROM'))
  },
}
