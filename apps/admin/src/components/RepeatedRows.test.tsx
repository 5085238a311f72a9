// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { RepeatedRows } from './RepeatedRows';

afterEach(cleanup);

type Header = { name: string; value: string };

function Headers({ initial, onChange }: { initial: Header[]; onChange: (rows: Header[]) => void }) {
  const [rows, setRows] = useState(initial);
  return (
    <RepeatedRows
      legend="Extra headers"
      itemName="header"
      rows={rows}
      emptyRow={{ name: '', value: '' }}
      onChange={(next) => {
        setRows(next);
        onChange(next);
      }}
    >
      {(row, index, update) => (
        <input
          aria-label={`Header ${index + 1} name`}
          value={row.name}
          onChange={(event) => update({ name: event.target.value })}
        />
      )}
    </RepeatedRows>
  );
}

describe('RepeatedRows', () => {
  it('adds an empty row, edits one row only and removes the row whose button was pressed', () => {
    let latest: Header[] = [];
    render(<Headers initial={[{ name: 'x-a', value: '1' }]} onChange={(rows) => (latest = rows)} />);

    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    expect(latest).toEqual([
      { name: 'x-a', value: '1' },
      { name: '', value: '' },
    ]);

    fireEvent.change(screen.getByLabelText('Header 2 name'), { target: { value: 'x-b' } });
    expect(latest).toEqual([
      { name: 'x-a', value: '1' },
      { name: 'x-b', value: '' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove header 1' }));
    expect(latest).toEqual([{ name: 'x-b', value: '' }]);
    expect(screen.getByRole('group', { name: 'Extra headers' })).toBeTruthy();
  });
});
