import { useSyncExternalStore } from 'react';

/**
 * The master key lives in sessionStorage so it survives reloads but not the closing of the tab,
 * and never reaches localStorage where it would outlive the session.
 */
export const MASTER_KEY_STORAGE_KEY = 'aurora.masterKey';

type Listener = () => void;

export interface Session {
  getMasterKey(): string | null;
  signIn(masterKey: string): void;
  signOut(): void;
  subscribe(listener: Listener): () => void;
}

export function createSession(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): Session {
  const listeners = new Set<Listener>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    getMasterKey: () => storage.getItem(MASTER_KEY_STORAGE_KEY),
    signIn(masterKey) {
      storage.setItem(MASTER_KEY_STORAGE_KEY, masterKey.trim());
      notify();
    },
    signOut() {
      if (storage.getItem(MASTER_KEY_STORAGE_KEY) === null) return;
      storage.removeItem(MASTER_KEY_STORAGE_KEY);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const session = createSession(globalThis.sessionStorage);

export function useMasterKey(): string | null {
  return useSyncExternalStore(session.subscribe, session.getMasterKey);
}
