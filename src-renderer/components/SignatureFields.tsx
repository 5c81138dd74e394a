// The signature the server appends to its mail (MSPbots' "signature"): plain text, and optionally
// HTML for the HTML part. The preview is the test message exactly as main builds it
// (src-shared/test-message.ts), so what the admin reads here is what the test send delivers.
// The HTML is shown as source, never rendered: the form does not run markup it was given.
import { useId } from 'react';
import type { Signature } from '../../src-shared/delivery';
import type { ServerSettings } from '../../src-shared/profile';
import { testMessageBody } from '../../src-shared/test-message';
import { TextAreaField } from './fields';

interface Props {
  profileName: string;
  server: ServerSettings;
  value: Signature;
  onChange: (next: Signature, touchedField?: keyof Signature) => void;
  onBlur: (field: keyof Signature) => void;
  error: (field: keyof Signature) => string | undefined;
}

/** A fixed time: the preview should not change every second, and the real send stamps its own. */
const PREVIEW_TIME = '(the time of the send)';

export function SignatureFields({ profileName, server, value, onChange, onBlur, error }: Props) {
  const body = testMessageBody(profileName, server, PREVIEW_TIME, value);
  return (
    <>
      <TextAreaField
        label="Signature (plain text)"
        wide
        rows={4}
        value={value.text}
        placeholder={'IT Service Desk\nExample Ltd · +1 555 0100'}
        onChange={(text) => onChange({ ...value, text }, 'text')}
        onBlur={() => onBlur('text')}
        error={error('text')}
        hint="Plain text, added below the message after the usual “-- ” line. Line breaks are kept; tabs and other control characters are not allowed."
      />
      <TextAreaField
        label="HTML signature (optional)"
        wide
        rows={3}
        value={value.html}
        placeholder={'<p><strong>IT Service Desk</strong><br>Example Ltd</p>'}
        onChange={(html) => onChange({ ...value, html }, 'html')}
        onBlur={() => onBlur('html')}
        error={error('html')}
        hint="With an HTML signature the test message also has an HTML part that ends with it. Leave empty to send plain text only."
      />
      <Preview title="Preview of the test message" text={body.text} />
      {body.html ? <Preview title="HTML part of the test message (source, as sent)" text={body.html} /> : null}
    </>
  );
}

/** Scrolls when long, so it takes focus (keyboard users can scroll it) and is a named region. */
function Preview({ title, text }: { title: string; text: string }) {
  const id = useId();
  return (
    <figure className="field-wide message-preview">
      <figcaption id={id}>{title}</figcaption>
      <pre role="region" aria-labelledby={id} tabIndex={0}>
        {text}
      </pre>
    </figure>
  );
}
