/// <reference lib="dom" />
/**
 * The page's only way to make elements. Strings become Text nodes (`append`, like `textContent`) and attributes go
 * through `setAttribute` (never `innerHTML`, never an `on*` attribute): whatever a hostile bundle holds ends up as
 * text on screen, never as markup or script.
 */

export type Child = Node | string | number | null | undefined | false;

/** `<tag attributes…>children…</tag>`; strings become text nodes, nullish and `false` children are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.toLowerCase().startsWith('on')) throw new Error(`event handler attribute ${name} refused`);
    element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** A description list of the rows whose value is present, or null when none is. */
export function definitions(
  attributes: Readonly<Record<string, string>>,
  rows: readonly (readonly [term: string, value: Child])[],
): HTMLDListElement | null {
  const present = rows.filter(([, value]) => value !== null && value !== undefined && value !== false);
  if (present.length === 0) return null;
  return el(
    'dl',
    attributes,
    ...present.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]),
  );
}

/** A table with a caption, a header row and one row per entry. */
export function table(
  attributes: Readonly<Record<string, string>>,
  caption: string,
  headers: readonly string[],
  rows: readonly HTMLTableRowElement[],
): HTMLTableElement {
  return el(
    'table',
    attributes,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
    el('tbody', {}, ...rows),
  );
}
