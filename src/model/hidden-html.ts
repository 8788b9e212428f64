/**
 * Raw HTML elements whose content no reader sees: a browser does not show it, or sahifa's HTML
 * sanitiser strips it (`SAHIFA_SCHEMA.strip`). mdast gives the text between an inline opening and
 * closing tag (`<script>…</script>` inside a sentence) as ordinary text nodes, so whatever prints
 * or judges a block's text (PDF and DOCX runs, the block direction) leaves those out.
 */

/**
 * Names of the elements whose content is never shown: those sahifa's HTML sanitiser strips with
 * their content (`SAHIFA_SCHEMA.strip` is this list and the void elements `embed`, `link`, `meta`,
 * `base`), so the PDF and DOCX print of raw HTML what the HTML page shows.
 */
export const HIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'applet', 'template', 'noscript', 'textarea', 'select', 'option',
  'button', 'svg', 'math', 'xmp', 'noembed', 'noframes', 'title', 'audio', 'video', 'canvas', 'form',
]);

const OPEN = /^<([a-z][a-z0-9-]*)\b[^>]*>$/i;
const CLOSE = /^<\/([a-z][a-z0-9-]*)\s*>$/i;

/**
 * What an inline HTML node (one tag, as mdast splits inline HTML) does to hidden content: opens a
 * hidden element (`<script>`, not self-closed, not closed in the same node), closes one, or
 * neither.
 *
 * @returns the element's lower-case name with `open` or `close`, or undefined
 */
export function hiddenTag(value: string): { readonly kind: 'open' | 'close'; readonly name: string } | undefined {
  const text = value.trim();
  const close = CLOSE.exec(text);
  if (close) return HIDDEN_ELEMENTS.has(close[1]!.toLowerCase()) ? { kind: 'close', name: close[1]!.toLowerCase() } : undefined;
  const open = OPEN.exec(text);
  if (!open || text.endsWith('/>')) return undefined;
  const name = open[1]!.toLowerCase();
  return HIDDEN_ELEMENTS.has(name) ? { kind: 'open', name } : undefined;
}
