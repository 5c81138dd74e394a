// How the app gets its tokens, as a labelled radio group, each choice with a line on what it
// means: Office 365 ("Sign in as the mailbox" / "Application permission, no sign-in") and Google
// ("Sign in as the mailbox" / "Service account with domain-wide delegation"); and what an Office
// 365 app proves itself with (client secret / certificate).
import { useId } from 'react';
import type { SignInAdvice } from '../../src-shared/choosing-sign-in';

interface Props<T extends string> {
  /** The group's question (default: how the app gets its tokens). */
  legend?: string;
  value: T;
  options: readonly { value: T; label: string; hint: string }[];
  onChange: (value: T) => void;
  /** When to choose which, folded under the choices. */
  advice?: readonly SignInAdvice[];
}

export function PermissionChoice<T extends string>({
  legend = 'How the app gets its tokens',
  value,
  options,
  onChange,
  advice,
}: Props<T>) {
  const id = useId();
  return (
    <fieldset className="choice-group field-wide">
      <legend>{legend}</legend>
      {options.map((option) => (
        <div className="radio" key={option.value}>
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={`${id}-choice`}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            aria-describedby={`${id}-${option.value}-hint`}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          <p className="field-hint" id={`${id}-${option.value}-hint`}>
            {option.hint}
          </p>
        </div>
      ))}
      {advice ? (
        <details className="advice">
          <summary>Which one to choose?</summary>
          <dl>
            {advice.map((item) => (
              <div key={item.situation}>
                <dt>{item.situation}</dt>
                <dd>{item.choose}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </fieldset>
  );
}
