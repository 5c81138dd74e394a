// The Sender section: the From address, display name and reply-to every message carries, then the
// senders per purpose and the receiver lists the server picks from by name. Microsoft and Google
// profiles see, beside each address, whether the provider would refuse it (Send As).
import type { ReactNode } from 'react';
import { sendAsWarning } from '../../src-shared/senders';
import type { ProfileDraft } from '../hooks/useProfileDraft';
import { ReceiversFields } from './ReceiversFields';
import { SendersFields } from './SendersFields';
import { Section, TextField } from './fields';

interface Props {
  draft: ProfileDraft;
  authorizedAccount: string | null;
  /** Why the From address is read-only right now (an authorization fills it in), or null. */
  lockedReason: string | null;
  /** The autodiscovery panel, shown here for Standard profiles (beside the address it looks up). */
  discovery: ReactNode;
}

export function SenderSection({ draft, authorizedAccount, lockedReason, discovery }: Props) {
  const { profile } = draft;
  const standard = profile.auth.type === 'standard';
  const fromWarning = sendAsWarning(profile, 'The From address', profile.sender.fromAddress, authorizedAccount);
  const fromHint = lockedReason ?? (standard ? undefined : 'Leave empty to send as the authorized account.');
  return (
    <Section title="Sender">
      <TextField
        label="From address"
        type="email"
        required={standard}
        readOnly={!!lockedReason}
        hint={
          fromHint || fromWarning ? (
            <>
              {fromHint}
              {fromHint && fromWarning ? ' ' : null}
              {fromWarning ? <span className="field-warning">{fromWarning}</span> : null}
            </>
          ) : undefined
        }
        value={profile.sender.fromAddress}
        onChange={(fromAddress) =>
          draft.update((p) => ({ ...p, sender: { ...p.sender, fromAddress } }), 'sender.fromAddress')
        }
        onBlur={() => draft.touch('sender.fromAddress')}
        error={draft.visibleError('sender.fromAddress')}
      />
      {standard ? discovery : null}
      <TextField
        label="Display name"
        value={profile.sender.displayName}
        placeholder="Help Desk"
        onChange={(displayName) =>
          draft.update((p) => ({ ...p, sender: { ...p.sender, displayName } }), 'sender.displayName')
        }
        error={draft.visibleError('sender.displayName')}
      />
      <TextField
        label="Reply-to address"
        type="email"
        value={profile.sender.replyTo}
        onChange={(replyTo) => draft.update((p) => ({ ...p, sender: { ...p.sender, replyTo } }), 'sender.replyTo')}
        onBlur={() => draft.touch('sender.replyTo')}
        error={draft.visibleError('sender.replyTo')}
      />
      <SendersFields draft={draft} authorizedAccount={authorizedAccount} />
      <ReceiversFields draft={draft} />
    </Section>
  );
}
