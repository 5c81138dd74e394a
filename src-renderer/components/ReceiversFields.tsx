// Receiver lists (YSoft SafeQ's predefined receivers): named lists of addresses the server sends
// to, such as "Printer alerts". The addresses are typed one per line; a line is split and trimmed
// when the field is left, so typing a new line is never undone under the admin's cursor.
import { MAX_RECEIVER_LISTS } from '../../src-shared/delivery-limits';
import type { ReceiverList } from '../../src-shared/delivery';
import type { ProfileDraft } from '../hooks/useProfileDraft';
import { useEditableList } from '../hooks/useEditableList';
import { SubHeading, TextAreaField, TextField } from './fields';
import { entryFieldError, listFieldError } from './list-errors';

const EMPTY: ReceiverList = { name: '', addresses: [] };

/** "a@x, b@y" or one per line: the addresses, without empty lines. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

export function ReceiversFields({ draft }: { draft: ProfileDraft }) {
  const lists = draft.profile.receivers;
  const set = (next: ReceiverList[], touched?: string) => draft.update((p) => ({ ...p, receivers: next }), touched);
  const { isNew, addRef, add, remove } = useEditableList(lists, (next) => set(next), EMPTY);
  const setList = (index: number, change: Partial<ReceiverList>, touched?: string) =>
    set(
      lists.map((l, i) => (i === index ? { ...l, ...change } : l)),
      touched,
    );
  return (
    <>
      <SubHeading description="Named lists of recipients the server sends to, for example everyone who gets printer alerts.">
        Receiver lists
      </SubHeading>
      {lists.map((list, index) => {
        const n = index + 1;
        const entry = `receivers.${index}`;
        return (
          <div className="field-wide list-entry" role="group" aria-label={`Receiver list ${n}`} key={index}>
            <TextField
              label={`Receiver list ${n}: name`}
              value={list.name}
              placeholder="Printer alerts"
              required
              autoFocus={isNew(index)}
              onChange={(name) => setList(index, { name }, `${entry}.name`)}
              onBlur={() => draft.touch(`${entry}.name`)}
              error={entryFieldError(draft, entry, 'name')}
            />
            <TextAreaField
              label={`Receiver list ${n}: addresses`}
              rows={3}
              value={list.addresses.join('\n')}
              placeholder={'alerts@example.com\nfacilities@example.com'}
              // Kept line by line while typing; tidied (split, trimmed) when the field is left.
              onChange={(text) => setList(index, { addresses: text.split('\n') })}
              onBlur={() =>
                setList(index, { addresses: splitAddresses(list.addresses.join('\n')) }, `${entry}.addresses`)
              }
              error={listFieldError(draft, `${entry}.addresses`)}
              hint="One address per line."
            />
            <button type="button" className="list-remove" onClick={() => remove(index)}>
              Remove receiver list {n}
            </button>
          </div>
        );
      })}
      <div className="field-wide">
        <button type="button" ref={addRef} disabled={lists.length >= MAX_RECEIVER_LISTS} onClick={add}>
          Add receiver list
        </button>
      </div>
    </>
  );
}
