import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import type { NoticePayload } from './notice';

/**
 * The optional e-mail nudge over SMTP (SMTP_URL). Like a push it names only the person's unit and
 * links to the thread, which opens after login: e-mail leaves the region's systems, so nothing
 * about a patient may be in it.
 */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private readonly transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const url = config.notifications.smtpUrl;
    if (url) this.transport = nodemailer.createTransport(url);
  }

  get available(): boolean {
    return Boolean(this.transport);
  }

  async send(to: string, payload: NoticePayload): Promise<void> {
    if (!this.transport) return;
    const link = `${this.config.publicUrl}${payload.url}`;
    await this.transport.sendMail({
      from: this.config.notifications.smtpFrom,
      to,
      subject: payload.body,
      text: [
        `${payload.body}.`,
        `${payload.title}.`,
        '',
        `Logga in för att läsa: ${link}`,
        '',
        'Det här meddelandet innehåller inga patientuppgifter.',
        'Du ändrar eller stänger av e-postaviseringar i Brygga under Aviseringar.',
      ].join('\n'),
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
