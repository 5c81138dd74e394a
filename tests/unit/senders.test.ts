// Which address a message goes out as, and the Send As warnings Microsoft and Google profiles get
// for any sender that is not the authorized mailbox.
import { describe, expect, it } from 'vitest';
import { newProfile } from '../../src-shared/new-profile';
import type { Profile } from '../../src-shared/profile';
import { resolveSender, sendAsWarnings } from '../../src-shared/senders';
import { SIGNATURE_SEPARATOR, testMessageBody } from '../../src-shared/test-message';

const ID = '3c8d2e1f-0a9b-4c7d-8e6f-5a4b3c2d1e0f';

function profile(type: Profile['auth']['type'], senders: Profile['senders'], from = 'desk@contoso.com'): Profile {
  const p = newProfile(ID, 'Desk', type);
  return { ...p, sender: { ...p.sender, fromAddress: from, displayName: 'Desk' }, senders };
}

describe('senders', () => {
  const senders = [
    { purpose: 'Reports', address: 'reports@contoso.com', displayName: 'Reports' },
    { purpose: 'Alerts', address: '', displayName: '' },
  ];

  it('resolves a purpose case-insensitively, falling back to the From address and display name', () => {
    const p = profile('standard', senders);
    expect(resolveSender(p, 'reports')).toEqual({
      purpose: 'Reports',
      address: 'reports@contoso.com',
      displayName: 'Reports',
    });
    expect(resolveSender(p, 'Alerts')).toEqual({ purpose: 'Alerts', address: 'desk@contoso.com', displayName: 'Desk' });
    expect(resolveSender(p)).toEqual({ purpose: '', address: 'desk@contoso.com', displayName: 'Desk' });
    expect(resolveSender(p, 'Payroll')).toBeNull();
  });

  it('warns for each sender that differs from the authorized mailbox, on Microsoft and Google only', () => {
    const ms = {
      ...profile('microsoft', senders),
      auth: {
        ...(profile('microsoft', []).auth as Extract<Profile['auth'], { type: 'microsoft' }>),
        email: 'desk@contoso.com',
      },
    };
    const warnings = sendAsWarnings(ms);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('reports@contoso.com');
    expect(warnings[0]).toContain('Send As');
    // The authorized account decides when the profile's mailbox is empty.
    expect(sendAsWarnings(profile('google', senders), 'other@gmail.com')).toHaveLength(2);
    expect(sendAsWarnings(profile('google', senders), 'DESK@contoso.com')).toHaveLength(1);
    expect(sendAsWarnings(profile('standard', senders), 'x@contoso.com')).toEqual([]);
    expect(sendAsWarnings(profile('google', senders))).toEqual([]); // nothing authorized yet: nothing to compare
  });
});

describe('test message body', () => {
  const server = { host: 'smtp.contoso.com', port: 587, security: 'starttls' as const };

  it('adds the signature after the "-- " separator, and an HTML part only for an HTML signature', () => {
    const plain = testMessageBody('Desk "A"', server, '2026-12-02T00:00:00.000Z', { text: 'IT\nExt. 1', html: '' });
    expect(plain.text.endsWith(`\n\n${SIGNATURE_SEPARATOR}\nIT\nExt. 1`)).toBe(true);
    expect(plain.html).toBeNull();
    const none = testMessageBody('Desk', server, 'now', { text: '', html: '' });
    expect(none.text).not.toContain(SIGNATURE_SEPARATOR);
    const html = testMessageBody('Desk <b>"A"</b>', server, 'now', { text: 'IT', html: '<p>IT</p>' });
    expect(html.html).toContain('Desk &#60;b&#62;&#34;A&#34;&#60;/b&#62;'); // the profile name is escaped
    expect(html.html!.endsWith('<p>IT</p>')).toBe(true);
  });
});
