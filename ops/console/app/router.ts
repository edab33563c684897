import { signal } from '@preact/signals';

/**
 * Hash routes (`#/runs/<id>`): the server answers one page for the console, and a link to a view survives reload.
 * `parts` are the path's decoded segments, e.g. `['runs', 'run-1']`.
 */
export interface Route {
  readonly parts: readonly string[];
}

function parse(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const parts = path === '' ? [] : path.split('/').map((part) => decodeURIComponent(part));
  return { parts };
}

export const route = signal<Route>(parse(location.hash));

addEventListener('hashchange', () => {
  route.value = parse(location.hash);
});

/** The href of a view: `href('runs', id)` is `#/runs/<id>` with each part encoded. */
export function href(...parts: readonly string[]): string {
  return `#/${parts.map((part) => encodeURIComponent(part)).join('/')}`;
}

export function navigate(...parts: readonly string[]): void {
  location.hash = href(...parts);
}
