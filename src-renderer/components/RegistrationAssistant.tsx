// The registration assistant: the steps to register this profile's app in Entra ID or Google
// Cloud, computed from the form as it is (registration-guide.ts), with command lines to copy and
// a checklist kept in the profile (health.checklist, saved with the form, never exported).
// Loaded on first use: the first screen does not need its text.
import type { ChecklistStepId } from '../../src-shared/checklist-steps';
import type { Profile } from '../../src-shared/profile';
import { registrationGuide } from '../../src-shared/registration-guide';
import { useClipboard } from '../hooks/useClipboard';
import { Section } from './fields';
import './RegistrationAssistant.css';

export function RegistrationAssistant({
  profile,
  authorized,
  onChecklistChange,
}: {
  profile: Profile;
  authorized: boolean;
  onChecklistChange: (checklist: ChecklistStepId[]) => void;
}) {
  const { copied, copy } = useClipboard();
  const guide = registrationGuide(profile);
  if (!guide) return null;
  const done = new Set(profile.health.checklist);
  const toggle = (id: ChecklistStepId, checked: boolean) =>
    onChecklistChange(guide.steps.map((s) => s.id).filter((s) => (s === id ? checked : done.has(s))));
  const count = guide.steps.filter((s) => done.has(s.id)).length;

  return (
    <Section
      title="Register the app"
      description={`In the ${guide.portal.name}. ${count} of ${guide.steps.length} steps done.`}
    >
      {/* The window opens no links (harden.ts denies new windows): the address is copied instead. */}
      <div className="field field-wide">
        <div className="copy-row">
          <code className="copy-value" aria-label={`${guide.portal.name} address`}>
            {guide.portal.url}
          </code>
          <button type="button" onClick={() => copy('portal', guide.portal.url)}>
            {copied === 'portal' ? 'Copied' : 'Copy address'}
          </button>
        </div>
      </div>
      <details className="field-wide" open={!authorized && count < guide.steps.length}>
        <summary>Steps for this profile</summary>
        <ol className="guide-steps" aria-label="Registration steps">
          {guide.steps.map((step) => (
            <li key={step.id} aria-label={step.title}>
              <div className="field field-checkbox">
                <input
                  id={`step-${step.id}`}
                  type="checkbox"
                  checked={done.has(step.id)}
                  onChange={(e) => toggle(step.id, e.target.checked)}
                />
                <label htmlFor={`step-${step.id}`}>
                  <strong>{step.title}</strong>
                </label>
              </div>
              {step.details.map((d) => (
                <p key={d}>{d}</p>
              ))}
              {step.commands.map((c, i) => {
                const key = `${step.id}-${i}`;
                return (
                  <div className="guide-command" key={key}>
                    <span className="field-hint">
                      {c.shell}: {c.purpose}
                    </span>
                    <pre aria-label={`${c.shell} command: ${c.purpose}`}>
                      <code>{c.text}</code>
                    </pre>
                    <button type="button" onClick={() => copy(key, c.text)}>
                      {copied === key ? 'Copied' : 'Copy command'}
                    </button>
                  </div>
                );
              })}
            </li>
          ))}
        </ol>
      </details>
    </Section>
  );
}
