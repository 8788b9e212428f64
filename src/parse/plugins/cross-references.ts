/**
 * Cross-references as pandoc-crossref and Quarto write them: a label `{#fig:name}` after a
 * figure's image (or `::figure[…]{src=… #fig:name}`, `::chart[…]{#fig:name src=… spec=…}`), `{#tbl:name}` at the end of a table caption
 * (`Table: caption {#tbl:name}` or `: caption {#tbl:name}`, a paragraph right before or after the
 * table), `{#sec:name}` at the end of a heading; `@fig:name`, `[@fig:name]`, `[@fig:a; @fig:b]` in
 * the text become links to the target, worded in the brief's language and digits («الشكل 2»,
 * "Figure 2"; a section by its heading's text).
 *
 * Two plugins, so the figure syntax is out of the way before the components plugin makes figures:
 * - {@link remarkSahifaLabels} (before it): strips the `{#…}` labels, keeping each on its block
 *   (`data.label`), and numbers the table captions (`data.id`, label «جدول 1» in the caption);
 * - {@link remarkSahifaCrossReferences} (after it): gives labelled figures and headings their
 *   anchor id and replaces the references by links (`data.anchor` names the target).
 *
 * Errors (SahifaError at the place): a label used twice (at its second use), a reference to an
 * unknown label (with "did you mean"), a `{#sec:…}` on a heading that gets no anchor.
 */
import type { Link, Nodes, Paragraph, PhrasingContent, Root, Text } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { figureId, tableId } from '../../model/anchors.js';
import { crossKind, crossWords, findCitations, localDigits, placeIn, type CitationSpan } from '../../model/citations.js';
import { SahifaError } from '../../model/errors.js';
import type { Figure } from '../../model/mdast.js';
import { didYouMean } from '../../model/suggest.js';

declare module 'vfile' {
  interface DataMap {
    /** Labels of figures found before they are figures: `line:column` of the paragraph or directive → label. */
    figureLabels: globalThis.Map<string, { label: string; node: Nodes }>;
  }
}

/** `{#fig:name}`, `{#tbl:name}`, `{#sec:name}` (other attributes after the id are ignored, as `{#fig:a width=50%}`). */
const LABEL = /\s*\{#((?:fig|tbl|sec):[^\s}]+)[^}]*\}\s*$/u;
/** A table caption: `Table: …`, `table: …` or `: …` (Pandoc). */
const CAPTION = /^(?:Table:|table:|:)\s+/;

type AnyParent = { children: Nodes[] };
const key = (node: Nodes): string => `${node.position?.start.line}:${node.position?.start.column}`;

/**
 * remark-directive reads `:chart` in `@fig:chart` and `{#fig:chart}` as an inline directive: such
 * a bare `:name` (no label, no attributes, which the components plugin would print as written
 * anyway) is put back as text and merged with the text around it, in every phrasing parent
 * whose text holds `@` or `{#`, so labels and references are read from one text node.
 */
export function joinDirectiveText(parent: { children: Nodes[] }): void {
  if (!parent.children.some((c) => c.type === 'textDirective')) return;
  if (!/[@{]/.test(toString(parent as Nodes))) return;
  const out: Nodes[] = [];
  for (const c of parent.children) {
    const bare = c.type === 'textDirective' && !c.children.length && !Object.keys(c.attributes ?? {}).length;
    const node: Nodes = bare ? { type: 'text', value: `:${c.name}` } : c;
    const prev = out.at(-1);
    if (node.type === 'text' && prev?.type === 'text') {
      prev.value += node.value;
      if (prev.position && c.position) prev.position = { start: prev.position.start, end: c.position.end };
    } else out.push(bare && c.position ? { ...node, position: c.position } : node);
  }
  parent.children = out;
}

/** Strips a trailing `{#…}` from the last text child of `node`; returns the label. */
function stripLabel(node: { children: PhrasingContent[] }): string | undefined {
  const last = node.children.at(-1);
  if (last?.type !== 'text') return undefined;
  const m = LABEL.exec(last.value);
  if (!m) return undefined;
  last.value = last.value.slice(0, m.index);
  if (!last.value) node.children.pop();
  return m[1];
}

/** The plugin that reads labels; see the module comment. */
export function remarkSahifaLabels() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const figures = (file.data.figureLabels = new Map());
    const words = crossWords(file.data.meta?.lang ?? 'en');
    const digits = file.data.meta?.digits ?? 'latn';
    let tables = 0;
    const walk = (parent: AnyParent): void => {
      parent.children.forEach((node, i) => {
        if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') joinDirectiveText(node as AnyParent);
        if (node.type === 'paragraph') {
          const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
          const first = node.children[0];
          if (kids[0]?.type === 'image' && kids.length === 2 && kids[1]!.type === 'text') {
            const label = stripLabel(node);
            if (label) {
              if (!label.startsWith('fig:')) throw new SahifaError(placeIn(name, node), `label {#${label}} on a figure: a figure's label starts with fig:`, 'cross-reference');
              figures.set(key(node), { label, node });
            }
          } else if (first?.type === 'text' && CAPTION.test(first.value) && (parent.children[i - 1]?.type === 'table' || parent.children[i + 1]?.type === 'table')) {
            const label = stripLabel(node);
            if (label && !label.startsWith('tbl:')) throw new SahifaError(placeIn(name, node), `label {#${label}} on a table caption: a table's label starts with tbl:`, 'cross-reference');
            first.value = first.value.replace(CAPTION, '');
            const n = ++tables;
            const caption = node as Paragraph;
            caption.children = [{ type: 'strong', children: [{ type: 'text', value: `${words.table} ${localDigits(n, digits)}` }] }, { type: 'text', value: ': ' }, ...caption.children];
            caption.data = { ...caption.data, id: tableId(n), ...(label ? { label } : {}) };
          }
        } else if (node.type === 'heading') {
          const label = stripLabel(node);
          if (label) {
            if (!label.startsWith('sec:')) throw new SahifaError(placeIn(name, node), `label {#${label}} on a heading: a heading's label starts with sec:`, 'cross-reference');
            node.data = { ...node.data, label };
          }
        } else if (node.type === 'leafDirective' && ['figure', 'chart'].includes((node as LeafDirective).name.toLowerCase())) {
          const id = (node as LeafDirective).attributes?.['id'];
          if (id && crossKind(id) === 'fig') figures.set(key(node), { label: id, node });
        }
        if ('children' in node) walk(node as AnyParent);
      });
    };
    walk(tree as unknown as AnyParent);
  };
}

/** A cross-reference target: its anchor id and the words of a reference to it. */
interface Target {
  readonly id: string;
  readonly text: string;
}

/** The plugin that resolves references; see the module comment. */
export function remarkSahifaCrossReferences() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const words = crossWords(file.data.meta?.lang ?? 'en');
    const digits = file.data.meta?.digits ?? 'latn';
    const figureLabels = file.data.figureLabels ?? new Map();
    const targets = new Map<string, Target>();
    const define = (label: string, node: Nodes, target: Target): void => {
      if (targets.has(label)) throw new SahifaError(placeIn(name, node), `label {#${label}} is used twice: give this one another name`, 'cross-reference');
      targets.set(label, target);
    };
    const collect = (node: Nodes): void => {
      if ((node.type as string) === 'figure') {
        const figure = node as unknown as Figure;
        const labelled = figureLabels.get(key(node));
        if (labelled) {
          figure.data = { ...figure.data, id: figureId(figure.number), label: labelled.label };
          define(labelled.label, node, { id: figureId(figure.number), text: `${words.fig} ${localDigits(figure.number, digits)}` });
        }
      } else if (node.type === 'heading' && node.data?.label) {
        const { id, label } = node.data;
        if (!id) throw new SahifaError(placeIn(name, node), `label {#${label}}: only headings # to ### with text can be referred to`, 'cross-reference');
        node.data = { ...node.data, linked: true };
        define(label, node, { id, text: toString(node, { includeHtml: false }).trim() });
      } else if (node.type === 'paragraph' && node.data?.label && node.data.id) {
        const n = Number(node.data.id.replace(/^\D+/, ''));
        define(node.data.label, node, { id: node.data.id, text: `${words.tbl} ${localDigits(n, digits)}` });
      }
      if ('children' in node) for (const c of node.children as Nodes[]) collect(c);
    };
    collect(tree);
    // a figure label whose image did not become a figure (missing file: its alt text is shown)
    for (const { label } of figureLabels.values()) if (!targets.has(label)) targets.set(label, { id: '', text: `${words.fig} ?` });
    const comma = /^(?:ar|fa|ur)\b/i.test(file.data.meta?.lang ?? '') ? '، ' : ', ';

    const link = (span: CitationSpan, text: Text): PhrasingContent[] => {
      const out: PhrasingContent[] = [];
      span.items.forEach((item, i) => {
        const target = targets.get(item.key);
        if (!target) {
          const known = [...targets.keys()].filter((k) => crossKind(k) === crossKind(item.key));
          throw new SahifaError(placeIn(name, text, item.offset), `unknown label @${item.key}${didYouMean(item.key, known, (k) => `@${k}`)}`, 'cross-reference');
        }
        if (i) out.push({ type: 'text', value: comma });
        if (item.prefix) out.push({ type: 'text', value: `${item.prefix} ` });
        const words_ = item.suppressAuthor ? target.text.replace(/^\S+\s+/, '') : target.text;
        if (target.id) out.push({ type: 'link', url: `#${target.id}`, data: { anchor: target.id }, children: [{ type: 'text', value: words_ }] } as Link);
        else out.push({ type: 'text', value: words_ });
        if (item.suffix) out.push({ type: 'text', value: ` ${item.suffix}` });
      });
      return out;
    };
    const visit = (parent: AnyParent): void => {
      const out: Nodes[] = [];
      for (const node of parent.children) {
        if (node.type === 'text') {
          const spans = findCitations(node.value).filter((s) => s.items.some((it) => crossKind(it.key)));
          if (spans.length) {
            let at = 0;
            for (const span of spans) {
              const mixed = span.items.find((it) => !crossKind(it.key));
              if (mixed) throw new SahifaError(placeIn(name, node, mixed.offset), `@${mixed.key}: a citation and a cross-reference cannot share one [ ]`, 'cross-reference');
              if (span.start > at) out.push({ type: 'text', value: node.value.slice(at, span.start) });
              out.push(...(link(span, node) as Nodes[]));
              at = span.end;
            }
            if (at < node.value.length) out.push({ type: 'text', value: node.value.slice(at) });
            continue;
          }
        }
        if ('children' in node && node.type !== 'link' && node.type !== 'linkReference') visit(node as AnyParent);
        out.push(node);
      }
      parent.children = out;
    };
    visit(tree as unknown as AnyParent);
  };
}
