/** Creates an element with a class and text. Text is always set as text, never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function button(label: string, onClick: () => void, className = 'button'): HTMLButtonElement {
  const node = el('button', { className, text: label, attrs: { type: 'button' } });
  node.addEventListener('click', onClick);
  return node;
}

export const plural = (count: number, word: string) =>
  `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;

/** Finds a page's parts by selector; a missing one is a mistake in the page, said by name. */
export function finder(root: ParentNode, page: string) {
  return <T extends HTMLElement = HTMLElement>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`the ${page} page has no ${selector}`);
    return found;
  };
}
