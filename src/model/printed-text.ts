/**
 * The text a node prints, as one string: Markdown text, inline code, image alt texts and the text
 * of raw HTML as the parser resolved it (`parse/plugins/raw-html.ts`), without what a browser does
 * not show (a hidden `htmlSpan`: `<script>`, `<style>`…). The direction vote and the running title
 * read this, so they count exactly what the writers print.
 */
import type { Nodes } from 'mdast';

/** The printed text of `node` (see the module comment); no separators are added between blocks. */
export function printedText(node: Nodes): string {
  let out = '';
  // iterative: raw HTML may nest elements as deep as the limits allow
  const stack: Nodes[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'htmlSpan' && n.data?.hidden) continue;
    // as mdast-util-to-string with `includeHtml: false`: a value, else an alt, else the children
    if ('value' in n) out += n.type === 'html' ? '' : n.value;
    else if ('alt' in n && n.alt) out += n.alt;
    else if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
  return out;
}
