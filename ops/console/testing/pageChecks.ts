import type { Locator, Page } from 'playwright-core';

/** Roles of the controls a person operates: each must have an accessible name. */
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'spinbutton',
  'slider',
  'switch',
]);

interface AxNode {
  readonly ignored: boolean;
  readonly role?: { readonly value?: string };
  readonly name?: { readonly value?: string };
  readonly backendDOMNodeId?: number;
}

/**
 * The controls of the page's accessibility tree (as Chromium computes it for assistive technology) that have no
 * accessible name, as `role <outer HTML start>`; empty when every button, link, input and select is named.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const unnamed = nodes.filter(
      (node) =>
        !node.ignored && CONTROL_ROLES.has(node.role?.value ?? '') && (node.name?.value ?? '').trim() === '',
    );
    const described: string[] = [];
    for (const node of unnamed) {
      const { node: dom } = (await cdp.send('DOM.describeNode', {
        backendNodeId: node.backendDOMNodeId,
      })) as { node: { localName: string; attributes?: string[] } };
      described.push(`${node.role?.value ?? ''} <${dom.localName} ${(dom.attributes ?? []).join(' ')}>`);
    }
    return described;
  } finally {
    await cdp.detach();
  }
}

/** How far the page is wider than the window (0 when nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/**
 * Presses Tab until `target` has the keyboard focus (at most `limit` times), then checks that the focus is visible
 * (an outline or a shadow drawn by `:focus-visible`). Throws when Tab never reaches it.
 */
export async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses <= limit; presses++) {
    const focus = await target.evaluate((element) =>
      element === document.activeElement
        ? { outline: getComputedStyle(element).outlineStyle, shadow: getComputedStyle(element).boxShadow }
        : null,
    );
    if (focus !== null) {
      if (focus.outline === 'none' && focus.shadow === 'none')
        throw new Error(`${target.toString()} has the focus but shows no focus ring`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`${limit} presses of Tab never reached ${target.toString()}`);
}

/** The timeline's rendered rows' `data-position`s, in document order. */
export async function positionsShown(page: Page): Promise<number[]> {
  return page
    .getByRole('list', { name: 'Timeline' })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.position)));
}

/** Scrolls the timeline and every scrollable box around it to the end, as a person dragging to the bottom would. */
export async function scrollTimelineToEnd(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Timeline' }).evaluate((list) => {
    for (let box: Element | null = list; box !== null; box = box.parentElement)
      if (box.scrollHeight > box.clientHeight) box.scrollTop = box.scrollHeight;
    window.scrollTo(0, document.documentElement.scrollHeight);
  });
}
