// Building DOM without innerHTML: text from a trace is only ever set as text, so a debugName
// like `<img src=x onerror=alert(1)>` shows literally and runs nothing.

type Child = Node | string | null | undefined | false;

/** An element with these attributes and children; strings become text nodes, never markup. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Removes every child of `element`. */
export function clear(element: Element): void {
  element.replaceChildren();
}
