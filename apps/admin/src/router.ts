import { type MouseEvent, useSyncExternalStore } from 'react';

export const pages = ['models', 'providers', 'keys', 'usage', 'logs', 'connect'] as const;
export type PageName = (typeof pages)[number];

const base = import.meta.env.BASE_URL;
const NAVIGATE_EVENT = 'aurora:navigate';

/** The page a URL path shows: `/ui/keys` → `keys`; the root or an unknown path shows Models. */
export function pageFromPath(pathname: string, basePath: string): PageName {
  const rest = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname.replace(/^\//, '');
  const segment = rest.split('/')[0] ?? '';
  return (pages as readonly string[]).includes(segment) ? (segment as PageName) : 'models';
}

/** A page's path, with a query string when `query` gives one (e.g. a Logs filter). */
export function pathForPage(page: PageName, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  return `${base}${page}${search ? `?${search}` : ''}`;
}

function subscribe(listener: () => void) {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

export function useCurrentPage(): PageName {
  return useSyncExternalStore(subscribe, () => pageFromPath(window.location.pathname, base));
}

export function navigate(page: PageName, query?: Record<string, string>) {
  window.history.pushState(null, '', pathForPage(page, query));
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Lets a plain link navigate in place, while modified clicks still open a new tab as usual. */
export function handleLinkClick(
  event: MouseEvent<HTMLAnchorElement>,
  page: PageName,
  query?: Record<string, string>,
) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(page, query);
}
