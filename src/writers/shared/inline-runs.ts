/**
 * Flattens mdast phrasing content into styled text runs: the common input of the PDF and DOCX
 * writers (HTML keeps the tree). Marks accumulate (bold inside a link stays bold and linked).
 */
import type { PhrasingContent } from 'mdast';
import type { Dir } from '../../model/direction.js';

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
  /** BCP 47 language of the text, from an inline element's `lang` (`<span lang="en">`); none: the block's. */
  readonly lang?: string;
}

type Marks = Omit<TextRun, 'text'>;

/**
 * Turns phrasing nodes into runs. White space collapses to one space as in a browser (inline code
 * aside); hard breaks become `\n`; images become their alt text;
 * a footnote reference becomes a run of its own marked `footnote` (its number), or `[label]` when
 * the note has no number (no definition). Raw HTML comes resolved by the parser
 * (`parse/plugins/raw-html.ts`): its marks are `strong`, `link`… like Markdown's, and an
 * `htmlSpan` adds code marks or a bidi isolate, or hides its content.
 *
 * @param onUnknown called with a node of a type this function does not know (left out)
 */
export function inlineRuns(nodes: readonly PhrasingContent[], marks: Marks = {}, onUnknown?: (node: PhrasingContent) => void): TextRun[] {
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
  const walk = (list: readonly PhrasingContent[], m: Marks): void => {
    for (const node of list) {
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
        case 'htmlSpan':
          if (node.data?.hidden) break;
          walk(node.children, {
            ...m,
            ...(node.data?.code ? { code: true } : {}),
            ...(node.data?.dir ? { isolate: { id: ++isolates, dir: node.data.dir } } : {}),
            ...(node.data?.lang ? { lang: node.data.lang } : {}),
          });
          break;
        default:
          onUnknown?.(node);
          break;
      }
    }
  };
  walk(nodes, marks);
  return out;
}

function sameMarks(a: Marks, b: Marks): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.strike === !!b.strike && !!a.code === !!b.code && a.link === b.link && a.footnote === undefined && b.footnote === undefined && a.isolate?.id === b.isolate?.id && a.lang === b.lang;
}
