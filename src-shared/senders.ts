// Which address a message goes out as: the profile's From, or a sender per purpose (defaulting
// to the From address and display name), and when Microsoft or Google would refuse it.
import { isOAuth } from './oauth';
import type { Profile } from './profile';

export interface ResolvedSender {
  /** '' for the profile's own From. */
  purpose: string;
  address: string;
  displayName: string;
}

/** The mailbox the profile authorizes as (OAuth), '' when unknown or Standard. */
export function authorizedMailbox(profile: Profile, authorizedAccount?: string | null): string {
  if (!isOAuth(profile.auth)) return '';
  return authorizedAccount || profile.auth.email;
}

/** `purpose` undefined or '': the profile's From. Returns null for a purpose the profile does not have. */
export function resolveSender(profile: Profile, purpose?: string, fallbackAddress = ''): ResolvedSender | null {
  const from = profile.sender.fromAddress || fallbackAddress;
  if (!purpose) return { purpose: '', address: from, displayName: profile.sender.displayName };
  const s = profile.senders.find((x) => x.purpose.toLowerCase() === purpose.toLowerCase());
  if (!s) return null;
  return { purpose: s.purpose, address: s.address || from, displayName: s.displayName || profile.sender.displayName };
}

/**
 * What to say when a purpose names no sender of the profile (the app's test send and
 * `mailprefs send --sender`). The purpose is quoted as JSON: it may come from a command line, and
 * a line break or escape in it must not reach a terminal or a log as one.
 */
export function unknownSenderExplanation(profile: Profile, purpose: string): { message: string; hint: string } {
  const purposes = profile.senders.map((s) => JSON.stringify(s.purpose));
  return {
    message: `The profile "${profile.name}" has no sender for the purpose ${JSON.stringify(purpose)}.`,
    hint: purposes.length
      ? `Use one of its senders: ${purposes.join(', ')} (names match without regard to case), or leave the sender out to use the From address.`
      : 'The profile has no senders per purpose yet: leave the sender out to use the From address, or add senders in Mail Preferences (Sender section) and export again.',
  };
}

/**
 * Microsoft 365 and Google let a token send only as the authorized user unless Send As (Exchange
 * "Send As" permission, Gmail "Send mail as" alias) is set up: one warning per sender that differs.
 */
export function sendAsWarnings(profile: Profile, authorizedAccount?: string | null): string[] {
  const candidates = [
    { label: 'The From address', address: profile.sender.fromAddress },
    ...profile.senders.map((s) => ({ label: `The sender "${s.purpose}"`, address: s.address })),
  ];
  return candidates
    .map((c) => sendAsWarning(profile, c.label, c.address, authorizedAccount))
    .filter((w): w is string => w !== null);
}

/** The Send As warning for one address (the form shows it beside that field), or null. */
export function sendAsWarning(
  profile: Profile,
  label: string,
  address: string,
  authorizedAccount?: string | null,
): string | null {
  if (profile.auth.type !== 'microsoft' && profile.auth.type !== 'google') return null;
  const mailbox = authorizedMailbox(profile, authorizedAccount).toLowerCase();
  if (!mailbox || address === '' || address.toLowerCase() === mailbox) return null;
  const grant =
    profile.auth.type === 'microsoft'
      ? 'an Exchange administrator grants the mailbox "Send As" on it (Add-RecipientPermission)'
      : 'it is added to the Gmail account as a "Send mail as" address';
  return `${label} (${address}) is not the authorized mailbox (${mailbox}): the server refuses it unless ${grant}.`;
}
