import { useEffect, useState } from 'react';

/**
 * The URL is the state: `#/<view>/<id>?filters`. Every view reads its filters from here and
 * writes them back with `setQuery`, so a copied URL restores the same view.
 */
export interface Route {
  parts: string[];
  query: URLSearchParams;
}

export function parseHash(hash = window.location.hash): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2) as [string, string?];
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function href(parts: string[], query?: Record<string, string | undefined> | URLSearchParams): string {
  const q = new URLSearchParams();
  if (query instanceof URLSearchParams) query.forEach((v, k) => v && q.set(k, v));
  else for (const [k, v] of Object.entries(query ?? {})) if (v) q.set(k, v);
  const s = q.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${s ? `?${s}` : ''}`;
}

export function navigate(parts: string[], query?: Record<string, string | undefined>): void {
  window.location.hash = href(parts, query);
}

/** Replaces the filters of the current view without a new history entry per keystroke. */
export function setQuery(update: Record<string, string | undefined>): void {
  const { parts, query } = parseHash();
  for (const [k, v] of Object.entries(update)) {
    if (v) query.set(k, v);
    else query.delete(k);
  }
  history.replaceState(history.state, '', href(parts, query));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const on = () => setRoute(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
