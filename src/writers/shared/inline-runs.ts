/**
 * Flattens mdast phrasing content into styled text runs: the common input of the PDF and DOCX
 * writers (HTML keeps the tree). Marks accumulate (bold inside a link stays bold and linked).
 */
import type { PhrasingContent } from 'mdast';

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
}

type Marks = Omit<TextRun, 'text'>;

/**
 * Turns phrasing nodes into runs. Hard breaks become `\n`; images become their alt text;
 * HTML is dropped (it is not rendered in PDF/DOCX); a footnote reference becomes a run of its own
 * marked `footnote` (its number), or `[label]` when the note has no number (no definition).
 */
export function inlineRuns(nodes: readonly PhrasingContent[], marks: Marks = {}): TextRun[] {
  const out: TextRun[] = [];
  const push = (text: string, m: Marks): void => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && sameMarks(last, m)) out[out.length - 1] = { ...last, text: last.text + text };
    else out.push({ ...m, text });
  };
  const walk = (list: readonly PhrasingContent[], m: Marks): void => {
    for (const node of list) {
      switch (node.type) {
        case 'text':
          push(node.value.replace(/[ \t]*\n[ \t]*/g, ' '), m);
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
        case 'html':
          break;
        default:
          break;
      }
    }
  };
  walk(nodes, marks);
  return out;
}

function sameMarks(a: Marks, b: Marks): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.strike === !!b.strike && !!a.code === !!b.code && a.link === b.link && a.footnote === undefined && b.footnote === undefined;
}
