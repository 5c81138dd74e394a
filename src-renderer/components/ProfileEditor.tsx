// The Email Preferences form for one profile: protocol, account, servers (with the alternate),
// incoming, sender (with senders per purpose and receiver lists), signature; Save; test send.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../src-shared/errors';
import { switchAuthType } from '../../src-shared/new-profile';
import { isAppOnly, isOAuth, type OAuthAuth } from '../../src-shared/oauth';
import { applyDiscovery } from '../../src-shared/discovery';
import { AUTH_TYPE_LABELS, AUTH_TYPES } from '../../src-shared/profile-options';
import type { AuthType, Profile, ProfileView } from '../../src-shared/profile';
import { call, toErrorData } from '../api';
import { useProfileDraft, type SecretInputs } from '../hooks/useProfileDraft';
import { loadValidator } from '../validation/validator';
import { AlternateServerFields } from './AlternateServerFields';
import { AuthFields } from './AuthFields';
import { BasicAuthNotice } from './BasicAuthNotice';
import { ConflictNotes } from './ConflictNotes';
import { ErrorPanel } from './ErrorPanel';
import { IncomingFields } from './IncomingFields';
import { IncomingTestPanel } from './IncomingTestPanel';
import { AuthorizationPanel, preloadOAuthParts, TokenHealth } from './LazyOAuth';
import { Section, SelectField, TextField } from './fields';
import { SenderSection } from './SenderSection';
import { ServerFields } from './ServerFields';
import { SignatureFields } from './SignatureFields';
import { StatusBadge } from './StatusBadge';
import { loadTestResults, TestSendPanel } from './TestSendPanel';

const loadRegistrationAssistant = () => import('./RegistrationAssistant');
const RegistrationAssistant = lazy(() =>
  loadRegistrationAssistant().then((m) => ({ default: m.RegistrationAssistant })),
);
// What autodiscovery found for a typed address: it appears after a lookup anyway, so it may
// arrive with its chunk (its own boundary below, never the form's).
const loadDiscoveryPanel = () => import('./DiscoveryPanel');
const DiscoveryPanel = lazy(() => loadDiscoveryPanel().then((m) => ({ default: m.DiscoveryPanel })));

/**
 * Fetches the form's validator and the OAuth form's own chunks once the first screen is up: they
 * stay out of the first screen's bytes, yet are there before the admin's first keystroke, and an
 * OAuth form opens whole instead of growing a section a moment later and moving the fields under
 * the admin's pointer.
 */
export function preloadEditorChunks(): void {
  void loadValidator().catch(() => undefined);
  void loadRegistrationAssistant().catch(() => undefined);
  void loadDiscoveryPanel().catch(() => undefined);
  preloadOAuthParts();
  void loadTestResults().catch(() => undefined);
}

interface Props {
  view: ProfileView;
  onSaved: (view: ProfileView) => void;
  onDirtyChange: (dirty: boolean) => void;
  onRefresh: () => void;
  /** Lets the window's Save / Don't save / Cancel prompt act on this form. */
  editorRef?: { current: EditorActions | null };
}

/** The address autodiscovery looks up: the OAuth mailbox if typed, else the From address. */
const discoveryEmail = (p: Profile) => (isOAuth(p.auth) && p.auth.email ? p.auth.email : p.sender.fromAddress);

const AUTH_OPTIONS = AUTH_TYPES.map((t) => ({ value: t, label: AUTH_TYPE_LABELS[t] }));

export interface EditorActions {
  /** Saves the draft; resolves to whether it was saved (false: invalid, conflicting, or refused). */
  save: () => Promise<boolean>;
  /** Throws the draft away, back to the stored version. */
  discard: () => void;
}

export function ProfileEditor({ view, onSaved, onDirtyChange, onRefresh, editorRef }: Props) {
  const draft = useProfileDraft(view);
  const { profile } = draft;
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppErrorData | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  // After Save, focus moves to its result (the status line, announced by role=status).
  const saveStatusRef = useRef<HTMLSpanElement>(null);
  // While an authorization waits, the fields it fills in (mailbox, From) are not editable.
  const [flowWaiting, setFlowWaiting] = useState(false);
  const lockedReason = flowWaiting
    ? 'Read-only while the authorization waits: it fills this in from the account you sign in with.'
    : null;

  useEffect(() => onDirtyChange(draft.dirty), [draft.dirty, onDirtyChange]);
  // A form that goes away (its profile was deleted) leaves nothing unsaved behind: main would
  // otherwise hold the window's close back, and ask to save a profile that no longer exists.
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);

  const problems = Object.keys(draft.errors).length;

  const canSave = draft.dirty && draft.valid && draft.conflicts.length === 0 && !saving;

  // One save at a time: Save, "Save and send" and the window's prompt may all ask at once (a
  // double-click); they share the save under way instead of sending the draft twice. A draft
  // edited since that save began is not what it saves: the caller is told "not saved" once it
  // is done (a send does not go out with the older settings), and the newer edits stay in the
  // form for the next Save.
  const saveUnderWay = useRef<{ of: Profile; secrets: SecretInputs; done: Promise<boolean> } | null>(null);
  function save(): Promise<boolean> {
    const running = saveUnderWay.current;
    if (running) {
      const same = running.of === profile && sameSecrets(running.secrets, draft.secrets);
      return same ? running.done : running.done.then(() => false);
    }
    const done = saveNow().finally(() => {
      if (saveUnderWay.current?.done === done) saveUnderWay.current = null;
    });
    saveUnderWay.current = { of: profile, secrets: draft.secrets, done };
    return done;
  }

  async function saveNow(): Promise<boolean> {
    if (!draft.dirty) return true;
    if (!draft.valid || draft.conflicts.length > 0) return false;
    setSaving(true);
    setSaveError(null);
    const sent = profile;
    const sentSecrets = draft.secrets;
    try {
      const saved = await call('saveProfile', {
        profile,
        secrets: draft.secretUpdate(),
        baseRevision: draft.baseRevision,
      });
      draft.saved(saved, sent, sentSecrets);
      setSavedAt(new Date().toLocaleTimeString());
      onSaved(saved);
      requestAnimationFrame(() => saveStatusRef.current?.focus());
      return true;
    } catch (error) {
      const data = toErrorData(error);
      setSaveError(data);
      // Main moved on and both changed a field: fetch its version, the draft turns it into notes.
      if (data.code === 'edit_conflict') onRefresh();
      return false;
    } finally {
      setSaving(false);
    }
  }
  useEffect(() => {
    if (!editorRef) return;
    editorRef.current = { save, discard: () => draft.reset(view) };
    return () => {
      editorRef.current = null;
    };
  });

  // Shown beside the address it was found for (the account for OAuth, the From address otherwise).
  const [discoveryDismissed, setDiscoveryDismissed] = useState<string | null>(null);
  const discovery = (
    <Suspense fallback={null}>
      <DiscoveryPanel
        email={discoveryEmail(profile)}
        storedEmail={discoveryEmail(view.profile)}
        profile={profile}
        onApply={(result) => draft.update((p) => applyDiscovery(p, result))}
        dismissed={discoveryDismissed}
        onDismiss={setDiscoveryDismissed}
      />
    </Suspense>
  );

  const err = (prefix: string) => (field: string) => draft.visibleError(`${prefix}.${field}`);
  const blur = (prefix: string) => (field: string) => draft.touch(`${prefix}.${field}`);

  return (
    <div className="editor">
      <form
        aria-label="Email Preferences"
        // Validation is ours (the same schema main enforces), shown inline; no native bubbles.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (canSave) void save();
        }}
      >
        <header className="editor-header">
          <div>
            <h1>{view.profile.name}</h1>
            <p className="subtitle">Email Preferences</p>
          </div>
          <StatusBadge status={view.status} />
        </header>
        <ConflictNotes conflicts={draft.conflicts} onResolve={draft.resolveConflict} />
        <BasicAuthNotice profile={profile} onSwitch={(next) => draft.update(() => next, 'auth.type')} />

        <Section title="Authorization Protocol">
          <SelectField<AuthType>
            label="Authorization Protocol"
            value={profile.auth.type}
            options={AUTH_OPTIONS}
            onChange={(type) => draft.update((p) => switchAuthType(p, type))}
            hint={
              profile.auth.type === 'standard'
                ? 'User name and password (SMTP AUTH PLAIN/LOGIN).'
                : isAppOnly(profile.auth)
                  ? 'Nobody signs in: the app gets its tokens with its own credential.'
                  : 'The mailbox is authorized once in your browser; the server then uses a refresh token.'
            }
          />
          <TextField
            label="Description"
            value={profile.description}
            wide
            placeholder="What this account is used for"
            onChange={(description) => draft.update((p) => ({ ...p, description }))}
            error={draft.visibleError('description')}
          />
        </Section>

        <Section title={profile.auth.type === 'standard' ? 'Authentication' : 'Account and app registration'}>
          <AuthFields
            auth={profile.auth}
            onChange={(auth, field) => draft.update((p) => ({ ...p, auth }), field ? `auth.${field}` : undefined)}
            error={err('auth')}
            onBlur={blur('auth')}
            secrets={draft.secrets}
            stored={view.secrets}
            setSecret={draft.setSecret}
            secretError={(kind) => draft.visibleError(`secrets.${kind}`)}
            emailLockedReason={lockedReason}
            profileId={profile.id}
            profileName={profile.name}
          />
          {isOAuth(profile.auth) ? discovery : null}
        </Section>

        {/* Lazy, with no Suspense of its own: the editor's boundary (App.tsx) shows the form whole,
            never a form that grows a section above the fields a moment later. */}
        {isOAuth(profile.auth) ? (
          <RegistrationAssistant
            profile={profile}
            authorized={view.authorization !== null}
            onChecklistChange={(checklist) =>
              draft.update((p) => ({ ...p, health: { ...p.health, checklist } }), 'health.checklist')
            }
          />
        ) : null}
        {isAppOnly(profile.auth) ? (
          <Section title="Authorization">
            <p className="field-wide" role="note">
              {profile.auth.type === 'google'
                ? 'No sign-in: whenever it sends or fetches, the app gets a token for the mailbox from Google with the service account key (cached until shortly before it expires). Save, then use “Send test email” below to check the key and the domain-wide delegation.'
                : 'No sign-in: whenever it sends or fetches, the app gets a token from Microsoft with the client secret or certificate (cached until shortly before it expires). Save, then use “Send test email” below to check the app registration, admin consent and the mailbox permission.'}
            </p>
          </Section>
        ) : isOAuth(profile.auth) ? (
          <AuthorizationPanel
            view={view}
            auth={profile.auth}
            blockedReason={
              !draft.valid
                ? 'Complete the required settings above first.'
                : draft.conflicts.length > 0
                  ? 'Resolve the changes noted above first.'
                  : null
            }
            // Authorization uses the saved settings: with changes, Authorize saves them first.
            saveFirst={draft.dirty ? save : null}
            onChangePort={(redirectPort) =>
              draft.update((p) => ({ ...p, auth: { ...(p.auth as OAuthAuth), redirectPort } }), 'auth.redirectPort')
            }
            portError={draft.visibleError('auth.redirectPort')}
            onAuthorized={onRefresh}
            onWaitingChange={setFlowWaiting}
          />
        ) : null}
        {isOAuth(profile.auth) ? (
          <TokenHealth
            view={view}
            health={profile.health}
            onChange={(health) => draft.update((p) => ({ ...p, health }), 'health.clientSecretExpiresOn')}
            error={(field) => draft.visibleError(`health.${field}`)}
          />
        ) : null}

        <Section title="Outgoing mail server (SMTP)">
          <ServerFields
            kind="smtp"
            value={profile.outgoing}
            onChange={(outgoing, field) =>
              draft.update((p) => ({ ...p, outgoing }), field ? `outgoing.${field}` : undefined)
            }
            error={err('outgoing')}
            onBlur={blur('outgoing')}
          />
          <AlternateServerFields
            primary={profile.outgoing}
            value={profile.alternateOutgoing}
            onChange={(alternateOutgoing, field) =>
              draft.update((p) => ({ ...p, alternateOutgoing }), field ? `alternateOutgoing.${field}` : undefined)
            }
            error={err('alternateOutgoing')}
            onBlur={blur('alternateOutgoing')}
          />
        </Section>

        <Section title="Incoming mail (IMAP or POP3)">
          <IncomingFields
            authType={profile.auth.type}
            value={profile.incoming}
            onChange={(incoming, field) =>
              draft.update((p) => ({ ...p, incoming }), field ? `incoming.${field}` : undefined)
            }
            error={(field) => draft.visibleError(`incoming.${field}`)}
            onBlur={(field) => draft.touch(`incoming.${field}`)}
          />
        </Section>

        <SenderSection
          draft={draft}
          authorizedAccount={view.authorization?.account ?? null}
          lockedReason={lockedReason}
          discovery={discovery}
        />

        <Section title="Signature">
          <SignatureFields
            profileName={profile.name}
            server={profile.outgoing}
            value={profile.signature}
            onChange={(signature, field) =>
              draft.update((p) => ({ ...p, signature }), field ? `signature.${field}` : undefined)
            }
            onBlur={blur('signature')}
            error={err('signature')}
          />
        </Section>

        <div className="save-bar">
          <button type="submit" className="primary" disabled={!canSave}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" disabled={!draft.dirty || saving} onClick={() => draft.reset(view)}>
            Discard changes
          </button>
          <span className="save-state" role="status" tabIndex={-1} ref={saveStatusRef}>
            {draft.dirty ? (
              <span className="unsaved">● Unsaved changes</span>
            ) : savedAt ? (
              <span className="saved">Saved at {savedAt}</span>
            ) : null}
            {draft.dirty && !draft.valid ? (
              <span className="problems">
                {' '}
                — {problems === 1 ? '1 field needs' : `${problems} fields need`} attention before you can save
              </span>
            ) : null}
          </span>
        </div>
        {saveError ? (
          <ErrorPanel title="Settings were not saved" error={saveError} onDismiss={() => setSaveError(null)} />
        ) : null}
      </form>

      <TestSendPanel
        profileId={view.profile.id}
        defaultRecipient={profile.sender.fromAddress}
        senders={profile.senders}
        blockedReason={
          !draft.valid
            ? 'Complete the required settings above first.'
            : draft.conflicts.length > 0
              ? 'Resolve the changes noted above first.'
              : null
        }
        // The test uses the saved settings: with changes, the send saves them first.
        saveFirst={draft.dirty ? save : null}
        onSent={onRefresh}
      />
      {view.profile.incoming ? (
        <IncomingTestPanel
          profileId={view.profile.id}
          blockedReason={draft.dirty ? 'Save your changes first: the test uses the saved settings.' : null}
        />
      ) : null}
    </div>
  );
}

const sameSecrets = (a: SecretInputs, b: SecretInputs) =>
  a.password === b.password && a.clientSecret === b.clientSecret;
