import { Field } from './Field';

/**
 * The optional auto-mode judge of a key or an alias. One wording of the precedence for both dialogs:
 * a key's judge comes first, then the alias's, then the gateway's `auto_mode_judge`.
 */
export function JudgeAliasField({
  of,
  value,
  error,
  onChange,
}: {
  of: 'key' | 'alias';
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const hint =
    of === 'key'
      ? "The alias that checks this key's tool calls in Claude Code's auto mode. Empty uses the model alias's judge, else the gateway's."
      : "The alias that checks tool calls of this alias's answers in Claude Code's auto mode, unless the key has its own. Empty uses the gateway's.";
  return (
    <Field label="Auto mode judge (alias)" error={error} hint={hint}>
      {(control) => (
        <input
          {...control}
          className="input input-mono"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          spellCheck={false}
        />
      )}
    </Field>
  );
}
