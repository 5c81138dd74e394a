// The sidebar: every profile with its status, and the list actions.
import { useEffect, useState } from 'react';
import type { ProfileView } from '../../src-shared/profile';
import { AUTH_TYPE_LABELS } from '../../src-shared/profile-options';
import { needsAttention } from '../../src-shared/token-health';
import { StatusBadge } from './StatusBadge';

interface Props {
  profiles: ProfileView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onAdd: () => void;
  onRename: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onExport: () => void;
  onImport: () => void;
}

export function ProfileList(props: Props) {
  const hasSelection = props.selectedId !== null;
  // Re-checked every minute: a secret or a Testing token can cross its line while the app is open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <nav className="sidebar" aria-label="Profiles">
      <div className="sidebar-header">
        <h1>Mail Preferences</h1>
      </div>
      <ul className="profile-list" aria-label="Profile list">
        {props.profiles.map((view) => {
          const selected = view.profile.id === props.selectedId;
          return (
            <li key={view.profile.id}>
              <button
                type="button"
                className={`profile-item${selected ? ' selected' : ''}`}
                aria-current={selected ? 'true' : undefined}
                onClick={() => props.onSelect(view.profile.id)}
              >
                <span className="profile-name">{view.profile.name}</span>
                <span className="profile-meta">
                  {AUTH_TYPE_LABELS[view.profile.auth.type]} <StatusBadge status={view.status} compact />
                  {needsAttention(view, now) ? <span className="attention">Needs attention</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <div className="sidebar-actions" role="toolbar" aria-label="Profile actions">
        <button type="button" onClick={props.onAdd}>
          Add profile
        </button>
        <button type="button" onClick={props.onRename} disabled={!hasSelection}>
          Rename
        </button>
        <button type="button" onClick={props.onDuplicate} disabled={!hasSelection}>
          Duplicate
        </button>
        <button type="button" className="danger" onClick={props.onDelete} disabled={!hasSelection}>
          Delete
        </button>
        <button type="button" onClick={props.onExport} disabled={props.profiles.length === 0}>
          Export…
        </button>
        <button type="button" onClick={props.onImport}>
          Import…
        </button>
      </div>
    </nav>
  );
}
