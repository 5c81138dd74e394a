// The fields changed both in this form and elsewhere (a rename, an authorization's fill-in)
// since the form was loaded: both values side by side, and the admin picks one.
import type { MergeConflict } from '../../src-shared/merge-profile';

const LABELS: Record<string, string> = {
  name: 'Profile name',
  description: 'Description',
  'auth.email': 'Email address',
  'auth.username': 'User name',
  'auth.clientId': 'Client ID',
  'auth.tenant': 'Tenant',
  'sender.fromAddress': 'From address',
  'sender.displayName': 'Display name',
  'sender.replyTo': 'Reply-to address',
  'outgoing.host': 'SMTP server',
  'outgoing.port': 'SMTP port',
  'incoming.host': 'Incoming server',
  'incoming.port': 'Incoming port',
};

const shown = (value: unknown) =>
  value === '' || value === null || value === undefined
    ? '(empty)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

export function ConflictNotes({
  conflicts,
  onResolve,
}: {
  conflicts: MergeConflict[];
  onResolve: (path: string, keep: 'mine' | 'theirs') => void;
}) {
  if (conflicts.length === 0) return null;
  return (
    <section className="notice conflicts" aria-label="Changed elsewhere" role="alert">
      <h2>Changed while you were editing</h2>
      <p>
        These settings were changed elsewhere since you opened the profile. Choose which value to keep for each, then
        save.
      </p>
      <ul>
        {conflicts.map((c) => {
          const label = LABELS[c.path] ?? c.path;
          return (
            <li key={c.path} aria-label={`Conflict: ${label}`}>
              <strong>{label}</strong>
              <span>
                Saved now: <code>{shown(c.theirs)}</code>
              </span>
              <span>
                Yours: <code>{shown(c.mine)}</code>
              </span>
              <button type="button" onClick={() => onResolve(c.path, 'theirs')}>
                Use saved value
              </button>
              <button type="button" onClick={() => onResolve(c.path, 'mine')}>
                Keep mine
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
