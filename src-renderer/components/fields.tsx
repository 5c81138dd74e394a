// Labelled form controls. Every control has a visible <label>, its hint and error are tied to it
// with aria-describedby, and an error marks it aria-invalid (tests find fields by label and role).
import { useId, type ReactNode } from 'react';

interface Described {
  label: string;
  hint?: ReactNode | undefined;
  error?: string | undefined;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Messages({ id, hint, error }: { id: string; hint?: ReactNode | undefined; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

interface TextFieldProps extends Described {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date';
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  disabled?: boolean;
  /** Shown and focusable but not editable (say why in the hint). */
  readOnly?: boolean;
  inputMode?: 'numeric' | 'email' | 'url' | 'text';
  wide?: boolean;
  /** Only for a control that appears because the admin asked for it (an added row). */
  autoFocus?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  return (
    <div className={`field${props.wide ? ' field-wide' : ''}${props.error ? ' has-error' : ''}`}>
      <div className="label-row">
        <label htmlFor={id}>{props.label}</label>
        {/* Outside the label so the accessible name is exactly the label text. */}
        {props.required ? (
          <span className="required" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        required={props.required}
        disabled={props.disabled}
        readOnly={props.readOnly}
        inputMode={props.inputMode}
        // Set only for a row the admin just added, so focus follows the Add button press.
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      <Messages id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

interface TextAreaFieldProps extends Described {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  rows?: number;
  placeholder?: string;
  wide?: boolean;
}

/** Multi-line text (a signature, a list of addresses): the same label, hint and error wiring. */
export function TextAreaField(props: TextAreaFieldProps) {
  const id = useId();
  return (
    <div className={`field${props.wide ? ' field-wide' : ''}${props.error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        value={props.value}
        rows={props.rows ?? 3}
        placeholder={props.placeholder}
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
      />
      <Messages id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** A heading inside a section's grid, across both columns (the alternate server, the sender lists). */
export function SubHeading({ children, description }: { children: ReactNode; description?: ReactNode }) {
  return (
    <div className="field-wide sub-heading">
      <h3>{children}</h3>
      {description ? <p className="field-hint">{description}</p> : null}
    </div>
  );
}

interface SelectFieldProps<T extends string> extends Described {
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  /** Across both columns: a switch that opens a group of fields below it. */
  wide?: boolean;
}

export function CheckboxField(props: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className={`field field-checkbox${props.wide ? ' field-wide' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

interface SecretFieldProps extends Described {
  value: string;
  stored: boolean;
  onChange: (value: string) => void;
  optional?: boolean;
}

/** A masked input for a password or client secret. A stored secret is never shown, only noted. */
export function SecretField(props: SecretFieldProps) {
  const storedHint = props.stored
    ? 'A value is stored (encrypted). Leave this empty to keep it, or type a new one to replace it.'
    : props.optional
      ? 'Optional.'
      : 'Nothing is stored yet.';
  return (
    <TextField
      label={props.label}
      type="password"
      value={props.value}
      onChange={props.onChange}
      placeholder={props.stored ? '•••••••• stored' : ''}
      autoComplete="new-password"
      hint={
        <>
          {props.hint ? <>{props.hint} </> : null}
          {storedHint}
        </>
      }
      error={props.error}
    />
  );
}

export function Section({
  title,
  children,
  description,
}: {
  title: string;
  children: ReactNode;
  description?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="form-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {description ? <p className="section-description">{description}</p> : null}
      <div className="field-grid">{children}</div>
    </section>
  );
}
