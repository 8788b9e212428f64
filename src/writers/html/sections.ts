/**
 * Groups body content into `<section>`s: each heading opens a section that holds it and what
 * follows up to the next heading of the same or a higher level; deeper headings nest.
 */
import type { Element, ElementContent } from 'hast';

/** Heading level of a node (2 for `h2`…), or 0 when it is not a heading. */
function level(node: ElementContent | undefined): number {
  return node?.type === 'element' && /^h[1-6]$/.test(node.tagName) ? Number(node.tagName[1]) : 0;
}

/**
 * Returns `nodes` with every heading and its content wrapped in a `section` element.
 * Content before the first heading stays outside any section. `nodes` is not changed.
 */
export function sectionize(nodes: readonly ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  let i = 0;
  while (i < nodes.length) {
    const head = nodes[i]!;
    const l = level(head);
    if (!l) {
      out.push(head);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < nodes.length && !(level(nodes[j]) && level(nodes[j]) <= l)) j++;
    const inner = sectionize(nodes.slice(i + 1, j));
    while (inner.length && isBlank(inner[inner.length - 1]!)) inner.pop();
    const section: Element = { type: 'element', tagName: 'section', properties: {}, children: [nl(), head, ...inner, nl()] };
    out.push(section, nl());
    i = j;
    while (i < nodes.length && isBlank(nodes[i]!)) i++;
  }
  return out;
}

const nl = (): ElementContent => ({ type: 'text', value: '\n' });
const isBlank = (n: ElementContent): boolean => n.type === 'text' && n.value.trim() === '';
