// The test message's body, built in one place so the form's preview shows exactly what main
// sends (src-main/mail/mail-service.ts). Pure: no Node, no DOM.
import type { Signature } from './delivery';
import type { ServerSettings } from './profile';

export const TEST_SUBJECT = 'Mail Preferences test message';
/** The usual signature separator ("-- " + newline, RFC 3676 4.3): mail clients recognise it. */
export const SIGNATURE_SEPARATOR = '-- ';

export interface TestMessageBody {
  text: string;
  /** Only when an HTML signature is set: the same text as HTML, then the signature. */
  html: string | null;
}

export function testMessageBody(
  profileName: string,
  server: Pick<ServerSettings, 'host' | 'port' | 'security'>,
  sentAt: string,
  signature: Signature,
): TestMessageBody {
  const lines = [
    `This message was sent by Mail Preferences to test the profile "${profileName}".`,
    '',
    `Server: ${server.host}:${server.port} (${server.security})`,
    `Sent at: ${sentAt}`,
    '',
    'If you received it, the account can send mail.',
  ];
  const text = signature.text ? [...lines, '', SIGNATURE_SEPARATOR, signature.text].join('\n') : lines.join('\n');
  const html = signature.html
    ? `<div>${lines.map((l) => escapeHtml(l)).join('<br>\n')}</div>\n<div>${SIGNATURE_SEPARATOR}</div>\n${signature.html}`
    : null;
  return { text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
