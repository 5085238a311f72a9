// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../session';
import { LoginPage } from './LoginPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  session.signOut();
});

function submitKey(key: string) {
  fireEvent.change(screen.getByLabelText('Master key'), { target: { value: key } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('shows a wrong key as an error at the field and stays signed out', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () => new Response('{"error":{"type":"authentication_error","message":"no"}}', { status: 401 }),
      ),
    );
    render(<LoginPage />);
    submitKey('wrong');
    expect(await screen.findByText('That is not the master key of this gateway.')).toBeTruthy();
    expect(screen.getByLabelText('Master key').getAttribute('aria-invalid')).toBe('true');
    expect(session.getMasterKey()).toBeNull();
  });

  it('signs in when whoami accepts the key', async () => {
    const fetchMock = vi.fn(async () => new Response('{"ok":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    render(<LoginPage />);
    submitKey('sk-master');
    await vi.waitFor(() => expect(session.getMasterKey()).toBe('sk-master'));
    expect(fetchMock).toHaveBeenCalledWith('/admin/api/whoami', expect.anything());
  });
});
