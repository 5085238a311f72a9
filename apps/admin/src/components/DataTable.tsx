import type { ReactNode } from 'react';

/** A table that scrolls sideways on narrow screens instead of squeezing its columns. */
export function DataTable({ children }: { children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table">{children}</table>
    </div>
  );
}

/** The header of a row-actions column: named for screen readers, blank on screen. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}

/** A small button in a row's actions cell; `label` names the row, e.g. "Edit my-alias". */
export function RowAction({
  label,
  danger = false,
  onClick,
  children,
}: {
  label: string;
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button ${danger ? 'button-danger-ghost' : 'button-ghost'} button-small`}
      aria-label={label}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
