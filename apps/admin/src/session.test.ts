import { describe, expect, it, vi } from 'vitest';
import { createSession, MASTER_KEY_STORAGE_KEY } from './session';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('session', () => {
  it('stores the trimmed master key and tells subscribers', () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    const listener = vi.fn();
    session.subscribe(listener);
    session.signIn('  sk-master  \n');
    expect(storage.values.get(MASTER_KEY_STORAGE_KEY)).toBe('sk-master');
    expect(session.getMasterKey()).toBe('sk-master');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('forgets the key on sign-out and notifies only when something changed', () => {
    const session = createSession(memoryStorage());
    const listener = vi.fn();
    session.signIn('sk-master');
    session.subscribe(listener);
    session.signOut();
    session.signOut();
    expect(session.getMasterKey()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops notifying after unsubscribe', () => {
    const session = createSession(memoryStorage());
    const listener = vi.fn();
    const unsubscribe = session.subscribe(listener);
    unsubscribe();
    session.signIn('k');
    expect(listener).not.toHaveBeenCalled();
  });
});
