import type { ReactNode } from 'react';
import { FormError } from './Field';
import { Icon } from './Icon';

/**
 * A fieldset of same-shaped rows the user can add and remove, such as an alias's fallbacks.
 * `itemName` names the buttons: "Add fallback", "Remove fallback 2".
 */
export function RepeatedRows<Row extends object>({
  legend,
  hint,
  error,
  itemName,
  rows,
  emptyRow,
  onChange,
  children,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  itemName: string;
  rows: Row[];
  emptyRow: Row;
  onChange: (rows: Row[]) => void;
  /** The fields of one row; `update` merges a patch into that row. */
  children: (row: Row, index: number, update: (patch: Partial<Row>) => void) => ReactNode;
}) {
  function updateRow(index: number, patch: Partial<Row>) {
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  }

  return (
    <fieldset className="stack">
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      <FormError message={error} />
      {rows.map((row, index) => (
        <div className="repeat-row" key={`${itemName}-${index.toString()}`}>
          {children(row, index, (patch) => updateRow(index, patch))}
          <button
            type="button"
            className="button button-ghost repeat-remove"
            aria-label={`Remove ${itemName} ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            <Icon name="close" />
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => onChange([...rows, { ...emptyRow }])}
        >
          <Icon name="plus" size={15} />
          Add {itemName}
        </button>
      </div>
    </fieldset>
  );
}
