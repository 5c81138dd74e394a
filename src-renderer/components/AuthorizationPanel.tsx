// The OAuth side of a profile: the redirect URI to register, Authorize (system browser) with a
// waiting state, what the authorization granted, and sign-out. Tokens never reach this code.
// The flow itself lives in main: on mount the panel asks for its state and resumes waiting, so
// a profile switch or a window reload shows it again, Cancel included; a flow waiting for
// another profile is shown too, with its own Cancel.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../src-shared/errors';
import type {
  AuthorizationElsewhere,
  AuthorizationOutcome,
  AuthorizationState,
  LoginCheck,
} from '../../src-shared/ipc';
import { redirectUriFor, type AuthorizationStart, type OAuthAuth, type SignInMethod } from '../../src-shared/oauth';
import type { ProfileView } from '../../src-shared/profile';
import { call, toErrorData } from '../api';
import { useOneAtATime } from '../hooks/useOneAtATime';
import { useClipboard } from '../hooks/useClipboard';
import { DeviceCodeWaiting } from './DeviceCodeWaiting';
import { ErrorPanel } from './ErrorPanel';
import { Section, TextField } from './fields';

interface Props {
  view: ProfileView;
  auth: OAuthAuth;
  /** Why Authorize cannot run now (invalid settings), or null. */
  blockedReason: string | null;
  /**
   * Unsaved changes: Authorize saves them first (it authorizes the saved settings). Resolves to
   * whether the save went through; null when there is nothing to save.
   */
  saveFirst: (() => Promise<boolean>) | null;
  onChangePort: (port: number | null) => void;
  portError: string | undefined;
  onAuthorized: () => void;
  /** Told whether this profile's authorization is waiting (the form locks what it will fill). */
  onWaitingChange?: (waiting: boolean) => void;
}

type State =
  | { phase: 'idle' }
  | { phase: 'waiting'; start: AuthorizationStart }
  | { phase: 'done'; warning: string | null; loginCheck: LoginCheck | null }
  | { phase: 'signed-out'; note: string }
  | { phase: 'failed'; error: AppErrorData };

export function AuthorizationPanel({
  view,
  auth,
  blockedReason,
  saveFirst,
  onChangePort,
  portError,
  onAuthorized,
  onWaitingChange,
}: Props) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [elsewhere, setElsewhere] = useState<AuthorizationElsewhere | null>(null);
  const { copied, copy } = useClipboard();
  const id = view.profile.id;
  const registeredUri = redirectUriFor(auth.type, auth.redirectPort);
  const info = view.authorization;
  // Answers that arrive after the panel is gone (another profile shown) change nothing here.
  const live = useRef(true);
  const authorizedRef = useRef(onAuthorized);
  useEffect(() => {
    authorizedRef.current = onAuthorized;
  }, [onAuthorized]);

  /** Waits for this profile's flow in main (again, if the window reloaded) and shows how it ended. */
  const follow = useCallback(async () => {
    try {
      const outcome: AuthorizationOutcome = await call('awaitAuthorization', { id });
      if (live.current) setState({ phase: 'done', warning: outcome.warning, loginCheck: outcome.loginCheck });
      authorizedRef.current();
    } catch (error) {
      if (live.current) setState({ phase: 'failed', error: toErrorData(error) });
    }
  }, [id]);

  /** Shows what main holds: resumes a waiting flow, or shows one waiting for another profile. */
  const show = useCallback(
    async (current: AuthorizationState) => {
      if (!live.current) return;
      setElsewhere(current.elsewhere);
      if (current.phase === 'waiting') {
        setState({ phase: 'waiting', start: current.start });
        await follow();
      } else if (current.phase === 'finished') {
        setState(
          current.outcome
            ? { phase: 'done', warning: current.outcome.warning, loginCheck: current.outcome.loginCheck }
            : { phase: 'failed', error: current.error },
        );
      }
      if (current.elsewhere) {
        // When the other profile's flow ends, this profile may authorize: stop showing it.
        await call('awaitAuthorization', { id: current.elsewhere.id }).catch(() => undefined);
        if (live.current) setElsewhere(null);
      }
    },
    [follow],
  );

  useEffect(() => {
    live.current = true;
    // A profile that went away has no state; the list refresh takes this panel with it.
    call('authorizationState', { id }).then(show, () => undefined);
    return () => {
      live.current = false;
    };
  }, [id, show]);

  const waiting = state.phase === 'waiting';
  useEffect(() => {
    onWaitingChange?.(waiting);
    return () => onWaitingChange?.(false);
  }, [waiting, onWaitingChange]);

  // Starting a flow (with the save before it) and signing out, one at a time: a double-click
  // would begin two flows, or sign out twice.
  const oneAtATime = useOneAtATime();
  async function authorize(method: SignInMethod = 'browser') {
    let started = false;
    await oneAtATime(async () => {
      if (saveFirst && !(await saveFirst())) return;
      try {
        const start = await call('beginAuthorization', { id, method });
        setState({ phase: 'waiting', start });
        started = true;
      } catch (error) {
        setState({ phase: 'failed', error: toErrorData(error) });
      }
    });
    // The wait itself is not held: the buttons are disabled while it lasts, and Cancel ends it.
    if (started) await follow();
  }

  const signOut = () =>
    oneAtATime(async () => {
      try {
        const result = await call('signOut', { id });
        setState({ phase: 'signed-out', note: result.note });
        onAuthorized();
      } catch (error) {
        setState({ phase: 'failed', error: toErrorData(error) });
      }
    });

  const cancel = (profileId: string) => void call('cancelAuthorization', { id: profileId }).catch(() => undefined);
  const otherWaiting = elsewhere !== null && !waiting;
  return (
    <Section
      title="Authorization"
      description="Register the redirect URI below in the app registration, save, then press Authorize and sign in with the mailbox in your browser."
    >
      <div className="field field-wide">
        <span className="field-label" id="redirect-uri-label">
          Redirect URI to register
        </span>
        <div className="copy-row">
          <code aria-labelledby="redirect-uri-label" className="copy-value">
            {registeredUri}
          </code>
          <button type="button" onClick={() => copy('redirect', registeredUri)}>
            {copied === 'redirect' ? 'Copied' : 'Copy redirect URI'}
          </button>
        </div>
        <p className="field-hint">
          {auth.redirectPort
            ? 'The app listens on exactly this port while it waits for the browser.'
            : 'Loopback redirect (RFC 8252): the app picks a free port each time, and providers accept any port for 127.0.0.1.'}
        </p>
      </div>
      <TextField
        label="Fixed redirect port"
        type="number"
        inputMode="numeric"
        value={auth.redirectPort === null ? '' : String(auth.redirectPort)}
        placeholder="Any free port"
        onChange={(text) => onChangePort(text.trim() === '' ? null : Number(text))}
        error={portError}
        hint="Only for providers that need the exact redirect URI, port included."
      />

      <div className="field field-wide authorization-state" aria-live="polite">
        {info ? (
          <dl className="facts" aria-label="Authorization details">
            <dt>Authorized account</dt>
            <dd>{info.account ?? 'not reported by the provider'}</dd>
            <dt>Access token expires</dt>
            <dd>{info.accessTokenExpiresAt ? new Date(info.accessTokenExpiresAt).toLocaleString() : 'not reported'}</dd>
            <dt>Refresh token</dt>
            <dd>
              {info.handedOff
                ? `Handed to the server on ${new Date(info.handedOff.at).toLocaleString()} in ${info.handedOff.file}: the server is its only holder. This workstation can test until its access token expires; authorize it again for a grant of its own.`
                : info.hasRefreshToken
                  ? 'Held (encrypted); the server can keep sending'
                  : 'Not held: sending stops when the access token expires'}
            </dd>
            <dt>Scopes granted</dt>
            <dd>{info.scopes.join(' ')}</dd>
            {info.lastRefreshAt ? (
              <>
                <dt>Last refresh</dt>
                <dd>{new Date(info.lastRefreshAt).toLocaleString()}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="muted">Not authorized yet.</p>
        )}
      </div>

      <div className="field field-wide">
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => void authorize()}
            disabled={waiting || otherWaiting || !!blockedReason}
          >
            {waiting
              ? state.start.device
                ? 'Waiting for the sign-in with the code…'
                : 'Waiting for the browser…'
              : info?.handedOff
                ? 'Authorize this workstation again'
                : saveFirst
                  ? 'Save and authorize'
                  : info
                    ? 'Authorize again'
                    : 'Authorize'}
          </button>
          {auth.type === 'google' ? null : (
            <button
              type="button"
              onClick={() => void authorize('device')}
              disabled={waiting || otherWaiting || !!blockedReason}
            >
              {saveFirst ? 'Save and sign in with a code' : 'Sign in with a code'}
            </button>
          )}
          {info ? (
            <button type="button" onClick={signOut} disabled={waiting}>
              {info.handedOff ? 'Sign out here (the server keeps its grant)' : 'Sign out and revoke'}
            </button>
          ) : null}
        </div>
        {blockedReason ? <p className="field-hint">{blockedReason}</p> : null}
        <p className="field-hint">
          {auth.type === 'google'
            ? "Google's device sign-in does not allow the Gmail scope: authorize in the browser on this computer."
            : '"Sign in with a code" is for a computer whose browser cannot reach this app (a server over SSH, a locked-down host): enter the code on any device. Microsoft: set "Allow public client flows" to Yes in the app registration.'}
        </p>
      </div>

      {otherWaiting ? (
        <div
          className="field field-wide result result-waiting"
          role="status"
          aria-label="Authorization waiting for another profile"
        >
          <p className="progress">
            <span className="spinner" aria-hidden="true" /> An authorization for &quot;{elsewhere.name}&quot; is waiting
            in the browser. One authorization runs at a time: finish or cancel it to authorize this profile.
          </p>
          <div className="button-row">
            <button type="button" onClick={() => copy('other-link', elsewhere.start.authorizationUrl)}>
              {copied === 'other-link' ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" onClick={() => cancel(elsewhere.id)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      {waiting && state.start.device ? (
        <DeviceCodeWaiting
          start={state.start}
          device={state.start.device}
          onOpenHere={() => void call('openVerificationPage', { id }).catch(() => undefined)}
          onCancel={() => cancel(id)}
        />
      ) : waiting ? (
        <div className="field field-wide result result-waiting" role="status" aria-label="Authorization in progress">
          <p className="progress">
            <span className="spinner" aria-hidden="true" /> Sign in and allow access in the browser window that opened.
            This waits until {new Date(state.start.expiresAt).toLocaleTimeString()}.
          </p>
          <div className="button-row">
            <button type="button" onClick={() => copy('link', state.start.authorizationUrl)}>
              {copied === 'link' ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" onClick={() => cancel(id)}>
              Cancel
            </button>
          </div>
          <p className="field-hint">
            Browser did not open? Copy the link and paste it into your browser on this computer.
          </p>
        </div>
      ) : null}
      {state.phase === 'done' ? <AuthorizationResult warning={state.warning} loginCheck={state.loginCheck} /> : null}
      {state.phase === 'signed-out' ? (
        <div className="field field-wide result result-success" role="status" aria-label="Authorization result">
          <h3>Signed out</h3>
          <p>{state.note}</p>
        </div>
      ) : null}
      {state.phase === 'failed' ? (
        <div className="field field-wide">
          <ErrorPanel title="Authorization did not complete" error={state.error} />
        </div>
      ) : null}
    </Section>
  );
}

/** How the authorization ended: the login check's answer, or the warning about a missing refresh token. */
function AuthorizationResult({ warning, loginCheck }: { warning: string | null; loginCheck: LoginCheck | null }) {
  const ref = useRef<HTMLDivElement>(null);
  // The result takes focus when it arrives (and is announced: role=status).
  useEffect(() => ref.current?.focus(), []);
  if (loginCheck?.ok === false) {
    return (
      <div ref={ref} tabIndex={-1} className="field field-wide">
        <ErrorPanel
          title="Authorized, but the server refused the login"
          error={loginCheck.error}
          live="status"
          label="Authorization result"
        />
      </div>
    );
  }
  const servers = loginCheck
    ? `${loginCheck.smtp.host}:${loginCheck.smtp.port}` +
      (loginCheck.incoming
        ? ` and the ${loginCheck.incoming.protocol === 'imap' ? 'IMAP' : 'POP3'} server ${loginCheck.incoming.host}`
        : '')
    : '';
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`field field-wide result ${warning ? 'result-warning' : 'result-success'}`}
      role="status"
      aria-label="Authorization result"
    >
      <h3>
        {loginCheck ? 'Verified: the server accepted the login' : warning ? 'Authorized, with a warning' : 'Authorized'}
      </h3>
      {loginCheck ? (
        <p>
          {servers} accepted a login with the new token. No email was sent: send a test email to prove delivery end to
          end.
        </p>
      ) : null}
      {!loginCheck && !warning ? <p>The account is authorized. Send a test email to prove it end to end.</p> : null}
      {warning ? <p>{warning}</p> : null}
    </div>
  );
}
