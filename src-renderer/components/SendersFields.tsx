// Senders per purpose (YSoft SafeQ's "sender per purpose"): the server picks one by its purpose
// name; an empty address or display name means the profile's own. Microsoft and Google profiles
// get the Send As warning beside each address that is not the authorized mailbox.
import { MAX_SENDERS } from '../../src-shared/delivery-limits';
import type { PurposeSender } from '../../src-shared/delivery';
import { sendAsWarning } from '../../src-shared/senders';
import type { ProfileDraft } from '../hooks/useProfileDraft';
import { useEditableList } from '../hooks/useEditableList';
import { SubHeading, TextField } from './fields';
import { entryFieldError } from './list-errors';

interface Props {
  draft: ProfileDraft;
  /** The account the last authorization was for (Send As compares against it). */
  authorizedAccount: string | null;
}

const EMPTY: PurposeSender = { purpose: '', address: '', displayName: '' };

export function SendersFields({ draft, authorizedAccount }: Props) {
  const { profile } = draft;
  const senders = profile.senders;
  const set = (next: PurposeSender[], touched?: string) => draft.update((p) => ({ ...p, senders: next }), touched);
  const { isNew, addRef, add, remove } = useEditableList(senders, (next) => set(next), EMPTY);
  const setField = (index: number, field: keyof PurposeSender, value: string) =>
    set(
      senders.map((s, i) => (i === index ? { ...s, [field]: value } : s)),
      `senders.${index}.${field}`,
    );
  return (
    <>
      <SubHeading description="A sender for each kind of message the server sends, picked by its purpose. Leave the address or display name empty to use the From address and display name above.">
        Senders per purpose
      </SubHeading>
      {senders.map((sender, index) => {
        const n = index + 1;
        const entry = `senders.${index}`;
        const warning = sendAsWarning(profile, `The sender "${sender.purpose}"`, sender.address, authorizedAccount);
        return (
          <div className="field-wide list-entry" role="group" aria-label={`Sender ${n}`} key={index}>
            <TextField
              label={`Sender ${n}: purpose`}
              value={sender.purpose}
              placeholder="Management reports"
              required
              autoFocus={isNew(index)}
              onChange={(v) => setField(index, 'purpose', v)}
              onBlur={() => draft.touch(`${entry}.purpose`)}
              error={entryFieldError(draft, entry, 'purpose')}
            />
            <TextField
              label={`Sender ${n}: address`}
              type="email"
              value={sender.address}
              placeholder={profile.sender.fromAddress || 'the From address'}
              onChange={(v) => setField(index, 'address', v)}
              onBlur={() => draft.touch(`${entry}.address`)}
              error={entryFieldError(draft, entry, 'address')}
              hint={warning ? <span className="field-warning">{warning}</span> : undefined}
            />
            <TextField
              label={`Sender ${n}: display name`}
              value={sender.displayName}
              placeholder={profile.sender.displayName || 'the display name'}
              onChange={(v) => setField(index, 'displayName', v)}
              error={entryFieldError(draft, entry, 'displayName')}
            />
            <button type="button" className="list-remove" onClick={() => remove(index)}>
              Remove sender {n}
            </button>
          </div>
        );
      })}
      <div className="field-wide">
        <button type="button" ref={addRef} disabled={senders.length >= MAX_SENDERS} onClick={add}>
          Add sender
        </button>
      </div>
    </>
  );
}
