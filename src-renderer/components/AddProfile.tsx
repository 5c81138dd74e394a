// Adding a profile: the account's email address first, so the form opens ready. Autodiscovery
// proposes the provider and servers for the address (shown with their sources); the protocol
// follows the proposal until the admin picks one, and what was found is applied only if
// "Use these settings" stays ticked. The name defaults to the address. Used as the Add dialog
// and, with no profiles yet, inline on the first screen (one click fewer for a newcomer).
import { useState, type ReactNode } from 'react';
import { discoveredSettings, hasProposal, type DiscoveredSettings } from '../../src-shared/discovery';
import type { AppErrorData } from '../../src-shared/errors';
import { AUTH_TYPE_LABELS, AUTH_TYPES } from '../../src-shared/profile-options';
import type { AuthType } from '../../src-shared/profile';
import { isValidEmail } from '../../src-shared/validators';
import { useDiscovery } from '../hooks/useDiscovery';
import { Dialog } from './Dialog';
import { CheckboxField, SelectField, TextField } from './fields';
import { ProposalFacts } from './ProposalFacts';

export interface NewProfileRequest {
  name: string;
  authType: AuthType;
  discovered?: DiscoveredSettings;
}

const AUTH_OPTIONS = AUTH_TYPES.map((t) => ({ value: t, label: AUTH_TYPE_LABELS[t] }));

/** The form's state and fields; the dialog and the first screen put their own frame around it. */
function useAddProfileForm(headingLevel: 2 | 3) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [chosenType, setChosenType] = useState<AuthType | null>(null);
  const [useFound, setUseFound] = useState(true);
  const [withIncoming, setWithIncoming] = useState(false);
  const address = email.trim();
  const emailError = address && !isValidEmail(address) ? 'Enter an email address such as name@example.com.' : undefined;
  const discovery = useDiscovery(address, !emailError);
  const found = discovery.status === 'done' ? discovery.result : null;
  const result = found && hasProposal(found) ? found : null;
  const proposedType = result?.provider?.value.authType ?? null;
  const type = chosenType ?? (useFound ? proposedType : null) ?? 'standard';
  const profileName = name.trim() || (emailError ? '' : address);

  function request(): NewProfileRequest | null {
    if (!profileName) return null;
    if (!address || emailError) return { name: profileName, authType: type };
    const found = result && useFound ? discoveredSettings(result) : { email: address };
    if (!withIncoming) delete found.incoming;
    return { name: profileName, authType: type, discovered: found };
  }

  const fields: ReactNode = (
    <>
      <TextField
        label="Email address"
        type="email"
        value={email}
        onChange={setEmail}
        placeholder="helpdesk@contoso.com"
        autoComplete="email"
        error={emailError}
        hint="The mailbox the server sends from. Its provider and servers are looked up for you."
      />
      {discovery.status === 'looking' ? (
        <p className="muted discovery-looking" role="status">
          Looking up settings for {discovery.email.slice(discovery.email.lastIndexOf('@') + 1)}…
        </p>
      ) : null}
      {result ? (
        <section className="discovery" aria-label={`Found for ${result.domain}`}>
          <Heading>Found for {result.domain}</Heading>
          <ProposalFacts result={result} />
          <CheckboxField label="Use these settings" checked={useFound} onChange={setUseFound} />
          {useFound && result.incoming ? (
            <CheckboxField
              label="Also set up incoming mail"
              checked={withIncoming}
              onChange={setWithIncoming}
              hint="Only if the server reads this mailbox: OAuth profiles then also need the incoming mail permission."
            />
          ) : null}
        </section>
      ) : discovery.status === 'done' ? (
        <p className="muted discovery-note" role="status">
          {discovery.result?.notes[0] ??
            `Nothing was found for ${discovery.email.slice(discovery.email.lastIndexOf('@') + 1)}: you fill in the server.`}
        </p>
      ) : null}
      <SelectField<AuthType>
        label="Authorization Protocol"
        value={type}
        options={AUTH_OPTIONS}
        onChange={setChosenType}
        hint={
          chosenType === null && useFound && proposedType && result?.provider
            ? `Proposed: ${result.provider.source.label}.`
            : undefined
        }
      />
      <TextField
        label="Profile name"
        value={name}
        onChange={setName}
        placeholder={address && !emailError ? address : 'Help desk notifications'}
        hint={address && !emailError ? 'Leave empty to name it after the address.' : undefined}
        required={!address}
      />
    </>
  );
  return { fields, request };
}

export function AddProfileDialog({
  onAdd,
  onCancel,
  error,
}: {
  onAdd: (request: NewProfileRequest) => void;
  onCancel: () => void;
  error: AppErrorData | null;
}) {
  const form = useAddProfileForm(3);
  const request = form.request();
  return (
    <Dialog
      error={error}
      title="Add profile"
      confirmLabel="Add profile"
      confirmDisabled={!request}
      onConfirm={() => request && onAdd(request)}
      onCancel={onCancel}
    >
      {form.fields}
    </Dialog>
  );
}

/** The first screen with no profiles: the same form, inline (its errors show at the top of the page). */
export function FirstProfileSetup({ onAdd }: { onAdd: (request: NewProfileRequest) => void }) {
  const form = useAddProfileForm(2);
  const request = form.request();
  return (
    <form
      className="first-profile"
      aria-label="Add your first profile"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (request) onAdd(request);
      }}
    >
      {form.fields}
      <div className="button-row">
        <button type="submit" className="primary" disabled={!request}>
          Add profile
        </button>
      </div>
    </form>
  );
}
