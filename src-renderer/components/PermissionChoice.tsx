// Office 365: how the app gets its tokens, as a labelled radio group ("Sign in as the mailbox" or
// "Application permission, no sign-in"), each choice with a line on what it means.
import { useId } from 'react';
import type { MicrosoftPermission } from '../../src-shared/profile';

interface Props {
  value: MicrosoftPermission;
  options: readonly { value: MicrosoftPermission; label: string; hint: string }[];
  onChange: (value: MicrosoftPermission) => void;
}

export function PermissionChoice({ value, options, onChange }: Props) {
  const id = useId();
  return (
    <fieldset className="choice-group field-wide">
      <legend>How the app gets its tokens</legend>
      {options.map((option) => (
        <div className="radio" key={option.value}>
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={`${id}-permission`}
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
    </fieldset>
  );
}
