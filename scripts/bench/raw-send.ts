// The test send's baseline: raw nodemailer with the options and message the app builds
// (src-main/mail/smtp-transport.ts, mail-service.ts), written out by hand.
//
// A module of its own so that the bench can load it twice (bench.ts imports a second copy with a
// query string): the harness check times this send against its own second copy. The copies'
// own functions are separate to V8 (each its own feedback and tier-up); nodemailer is one module
// shared by both, as it is between the app and the baseline. So the check shows what the
// schedule (order, warm-up) does to two sides that differ in nothing else.
import nodemailer from 'nodemailer';
import { TEST_SUBJECT } from '../../src-main/mail/mail-service';

export interface RawSendSetup {
  port: number;
  user: string;
  password: string;
  profileName: string;
  displayName: string;
  replyTo: string;
  to: string;
}

export function rawSend(setup: RawSendSetup): () => Promise<void> {
  return async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: setup.port,
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      tls: { rejectUnauthorized: false, minVersion: 'TLSv1.2' },
      name: 'mail-preferences.localhost',
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      auth: { user: setup.user, pass: setup.password },
    });
    try {
      await transport.sendMail({
        from: { name: setup.displayName, address: setup.user },
        to: setup.to,
        replyTo: setup.replyTo,
        subject: TEST_SUBJECT,
        text: [
          `This message was sent by Mail Preferences to test the profile "${setup.profileName}".`,
          '',
          `Server: 127.0.0.1:${setup.port} (starttls)`,
          `Sent at: ${new Date().toISOString()}`,
          '',
          'If you received it, the account can send mail.',
        ].join('\n'),
      });
    } finally {
      transport.close();
    }
  };
}
