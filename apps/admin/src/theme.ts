import { useCallback, useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'aurora.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function storedTheme(): Theme | null {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

/** The theme shown: the user's explicit choice, else the operating system's. */
function currentTheme(): Theme {
  return storedTheme() ?? (darkQuery().matches ? 'dark' : 'light');
}

function subscribe(listener: () => void) {
  const query = darkQuery();
  query.addEventListener('change', listener);
  window.addEventListener('storage', listener);
  return () => {
    query.removeEventListener('change', listener);
    window.removeEventListener('storage', listener);
  };
}

/** Applies a stored choice before React renders, so a dark-mode user never sees a light flash. */
export function applyStoredTheme() {
  const theme = storedTheme();
  if (theme) document.documentElement.dataset.theme = theme;
}

export function useTheme(): [Theme, () => void] {
  const theme = useSyncExternalStore(subscribe, currentTheme);
  const toggle = useCallback(() => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.dataset.theme = next;
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY }));
  }, []);
  return [theme, toggle];
}
