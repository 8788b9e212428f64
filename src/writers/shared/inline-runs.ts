/**
 * Flattens mdast phrasing content into styled text runs: the common input of the PDF and DOCX
 * writers (HTML keeps the tree). Marks accumulate (bold inside a link stays bold and linked).
 */
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { PhrasingContent } from 'mdast';
import type { Dir } from '../../model/direction.js';
import { isSafeLink } from '../../parse/plugins/safety.js';
import { HIDDEN_ELEMENTS, hiddenTag } from '../../model/hidden-html.js';

/** A piece of text with one set of marks. `text` is in logical (reading) order. */
export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly strike?: boolean;
  /** Inline code: kept LTR and isolated from the surrounding text. */
  readonly code?: boolean;
  /** Target of a hyperlink. */
  readonly link?: string;
  /** A footnote mark: the note's number (from `data.number`); `text` is that number in Latin digits. */
  readonly footnote?: number;
  /**
   * Text inside an inline HTML element with a `dir` attribute (`<span dir="ltr">…</span>`,
   * `<bdo dir="rtl">`): one bidi isolate per element, in that direction, as HTML makes of `dir`
   * on an inline element (`unicode-bidi: isolate`). `id` tells the elements apart.
   */
  readonly isolate?: { readonly id: number; readonly dir: Dir };
}

type Marks = Omit<TextRun, 'text'>;

/**
 * Turns phrasing nodes into runs. White space collapses to one space as in a browser (inline code
 * aside); hard breaks become `\n`; images become their alt text;
 * a footnote reference becomes a run of its own marked `footnote` (its number), or `[label]` when
 * the note has no number (no definition). Inline HTML is read as a browser shows it (see
 * {@link inlineHtml}): `<br>` is a line break, `<img>` its alt text, and the text between an
 * opening and a closing tag takes the element's marks (`<b>`, `<code>`, `<a href>`, `dir`…), or
 * is left out for an element a browser does not show (`<script>`, `<style>`…).
 */
export function inlineRuns(nodes: readonly PhrasingContent[], marks: Marks = {}): TextRun[] {
  const out: TextRun[] = [];
  let isolates = 0;
  const push = (text: string, m: Marks): void => {
    const last = out[out.length - 1];
    // white space collapses across runs too ("a **b** c" with two spaces either side of **b**)
    if (text.startsWith(' ') && !m.code && last && !last.code && last.text.endsWith(' ')) text = text.slice(1);
    if (!text) return;
    if (last && sameMarks(last, m)) out[out.length - 1] = { ...last, text: last.text + text };
    else out.push({ ...m, text });
  };
  const walk = (list: readonly PhrasingContent[], outer: Marks): void => {
    // inline HTML elements opened in this list and not closed yet, innermost last; `hidden` for
    // an element whose content a browser does not show (`<script>`, `<style>`…): mdast gives its
    // text as ordinary nodes between the opening and the closing tag, left out here
    const open: { tag: string; marks: Marks; hidden?: true }[] = [];
    for (const node of list) {
      if (node.type !== 'html' && open.some((o) => o.hidden)) continue;
      const m = open[open.length - 1]?.marks ?? outer;
      switch (node.type) {
        case 'text':
          // runs of spaces, tabs and line ends show as one space, as in a browser (`white-space: normal`)
          push(node.value.replace(/[ \t\r\n]+/g, ' '), m);
          break;
        case 'strong':
          walk(node.children, { ...m, bold: true });
          break;
        case 'emphasis':
          walk(node.children, { ...m, italic: true });
          break;
        case 'delete':
          walk(node.children, { ...m, strike: true });
          break;
        case 'inlineCode':
          push(node.value, { ...m, code: true });
          break;
        case 'link':
          walk(node.children, { ...m, link: node.url });
          break;
        case 'linkReference':
          walk(node.children, m);
          break;
        case 'break':
          push('\n', m);
          break;
        case 'image':
        case 'imageReference':
          push(node.alt ?? '', m);
          break;
        case 'footnoteReference':
          // A mark of its own (never merged with text around it); writers print it raised.
          if (node.data?.number !== undefined) out.push({ ...m, text: String(node.data.number), footnote: node.data.number });
          else push(`[${node.label ?? node.identifier}]`, m);
          break;
        case 'html': {
          const hidden = hiddenTag(node.value);
          if (hidden?.kind === 'open') {
            open.push({ tag: hidden.name, marks: m, hidden: true });
            break;
          }
          const tag = inlineHtml(node.value);
          if (tag.close) {
            const at = open.map((o) => o.tag).lastIndexOf(tag.close);
            if (at >= 0) open.length = at;
          }
          if (open.some((o) => o.hidden)) break;
          for (const piece of tag.pieces) {
            if (piece.kind === 'text') push(piece.text, m);
            else {
              const own = elementMarks(piece.element, m, () => ++isolates);
              if (piece.kind === 'open') open.push({ tag: piece.element.tagName, marks: own });
              else for (const text of elementTexts(piece.element)) push(text, own);
            }
          }
          break;
        }
        default:
          break;
      }
    }
  };
  walk(nodes, marks);
  return out;
}

function sameMarks(a: Marks, b: Marks): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.strike === !!b.strike && !!a.code === !!b.code && a.link === b.link && a.footnote === undefined && b.footnote === undefined && a.isolate?.id === b.isolate?.id;
}

/** Elements that never have content or a closing tag (HTML "void elements" that show text or a break). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** What one inline HTML node holds, in order: text, elements complete in the node, opening tags. */
interface InlineHtml {
  /** Name of the element a closing tag (`</span>`) ends, if the node is one. */
  readonly close?: string;
  readonly pieces: ReadonlyArray<{ kind: 'text'; text: string } | { kind: 'open' | 'whole'; element: Element }>;
}

/**
 * Reads one inline HTML node as mdast gives it: usually a single tag (`<span dir="ltr">`, `</span>`,
 * `<br/>`, `<img alt="…">`), sometimes a comment. An element with children in the same node is
 * whole; an element without children that is not void is an opening tag, whose marks hold until
 * its closing tag among the following siblings (or the end of the parent).
 */
function inlineHtml(value: string): InlineHtml {
  const close = /^<\/([a-z][a-z0-9-]*)\s*>$/i.exec(value.trim());
  if (close) return { close: close[1]!.toLowerCase(), pieces: [] };
  const pieces: InlineHtml['pieces'][number][] = [];
  for (const child of fromHtml(value, { fragment: true }).children) {
    if (child.type === 'text') pieces.push({ kind: 'text', text: child.value.replace(/\s+/g, ' ') });
    else if (child.type === 'element' && !HIDDEN_ELEMENTS.has(child.tagName)) {
      // (a hidden element shows nothing; its opening tag alone hides what follows: see inlineRuns)
      const whole = VOID.has(child.tagName) || child.children.length > 0 || /\/>\s*$/.test(value);
      pieces.push({ kind: whole ? 'whole' : 'open', element: child });
    }
  }
  return { pieces };
}

/** Text an element shows in line: `<br>` a line break, `<img>` its alt text, others their content. */
function elementTexts(el: Element): string[] {
  if (el.tagName === 'br') return ['\n'];
  if (el.tagName === 'img') return typeof el.properties['alt'] === 'string' ? [el.properties['alt']] : [];
  if (VOID.has(el.tagName) || HIDDEN_ELEMENTS.has(el.tagName)) return [];
  const texts: string[] = [];
  const walk = (nodes: readonly ElementContent[]): void => {
    for (const n of nodes) {
      if (n.type === 'text') texts.push(n.value.replace(/\s+/g, ' '));
      else if (n.type === 'element') texts.push(...elementTexts(n));
    }
  };
  walk(el.children);
  return texts;
}

/**
 * The marks an inline HTML element adds to `m`: `<b>`/`<strong>` bold, `<i>`/`<em>` italic,
 * `<s>`/`<del>`/`<strike>` struck, `<code>`/`<kbd>`/`<samp>`/`<tt>` code, `<a href>` a link (when
 * the URL is safe, as for Markdown links), and a `dir` of `ltr` or `rtl` a new isolate.
 */
function elementMarks(el: Element, m: Marks, nextIsolate: () => number): Marks {
  const out: { -readonly [K in keyof Marks]: Marks[K] } = { ...m };
  const tag = el.tagName;
  if (tag === 'b' || tag === 'strong') out.bold = true;
  if (tag === 'i' || tag === 'em') out.italic = true;
  if (tag === 's' || tag === 'del' || tag === 'strike') out.strike = true;
  if (tag === 'code' || tag === 'kbd' || tag === 'samp' || tag === 'tt') out.code = true;
  const href = el.properties['href'];
  if (tag === 'a' && typeof href === 'string' && href && isSafeLink(href)) out.link = href;
  const dir = el.properties['dir'];
  if (dir === 'ltr' || dir === 'rtl') out.isolate = { id: nextIsolate(), dir };
  return out;
}
