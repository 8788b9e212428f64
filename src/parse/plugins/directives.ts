/**
 * unified plugin (after remark-directive and the front-matter plugin): the brief's directives.
 *
 * - container directives `:::keypoints`, `:::summary`, `:::recommendations`, `:::note`/`:::callout`,
 *   `:::quote`, `:::sidebar[Title]`/`:::box[Title]`, `:::abstract{lang=en}`, `:::about`,
 *   `:::disclaimer`, `:::references` → {@link Component} nodes (label → `title`; `lang`/`dir`
 *   attributes → `data.lang`/`data.dir`, which the direction plugin then respects);
 * - the leaves `::figure` and `::chart` are left for the figures and charts plugins.
 *
 * Unknown container and leaf directives are reported as warnings (rule `directive`) at their
 * place; an unknown container's content is kept as plain blocks, an unknown leaf is left out. A
 * container that is never closed (it runs to the end of the brief) is a warning at its opening
 * line (rule `unclosed-directive`); an inline `:name` that is not a known directive (e.g. "a:b"
 * in running text) is put back as the text it was written as.
 */
import type { Nodes, Paragraph, PhrasingContent, Root, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { dirFromLang } from '../../model/direction.js';
import type { Component, ComponentName } from '../../model/mdast.js';
import { didYouMean } from '../../model/suggest.js';

/** Container directive name (lower case) → component; `callout` and `box` are aliases. */
export const CONTAINER_COMPONENTS: Readonly<Record<string, ComponentName>> = {
  keypoints: 'keypoints',
  summary: 'summary',
  recommendations: 'recommendations',
  note: 'note',
  callout: 'note',
  quote: 'quote',
  sidebar: 'sidebar',
  box: 'sidebar',
  abstract: 'abstract',
  about: 'about',
  disclaimer: 'disclaimer',
  references: 'references',
};

type AnyParent = { children: Nodes[] };

/** The plugin; see the module comment. */
export function remarkSahifaDirectives() {
  return (tree: Root, file: VFile): void => {
    const warn = (node: Nodes, reason: string): void => {
      const m = file.message(reason, { place: node.position, ruleId: 'directive', source: 'sahifa' });
      m.fatal = false;
    };

    const component = (node: ContainerDirective, kind: ComponentName): Component => {
      const [first, ...rest] = node.children;
      const labelled = first?.type === 'paragraph' && first.data?.directiveLabel === true;
      const out: Component = { type: 'component', name: kind, children: (labelled ? rest : node.children) as Component['children'] };
      if (labelled) out.title = (first as Paragraph).children;
      if (node.position) out.position = node.position;
      const attrs = node.attributes ?? {};
      const lang = attrs['lang'] ?? undefined;
      const dirAttr = attrs['dir'] === 'rtl' || attrs['dir'] === 'ltr' ? attrs['dir'] : undefined;
      if (lang || dirAttr) out.data = { ...(lang ? { lang } : {}), dir: dirAttr ?? dirFromLang(lang!) };
      return out;
    };

    const lines = String(file.value).split('\n');
    /**
     * True when a container directive ends with its own `:::` line. micromark closes an unclosed
     * one at the end of the document (or of the block around it), after its last child; only the
     * last child of a parent can be unclosed.
     */
    const closed = (node: ContainerDirective): boolean => {
      const end = node.position?.end;
      if (!end) return true;
      const last = node.children.at(-1);
      if (last?.position && last.position.end.line >= end.line && !(last.type === 'paragraph' && last.data?.directiveLabel)) return false;
      // the closing line, without the markers of block quotes and lists around the directive
      return /^[\s>]*(?:[-*+]\s+|\d+[.)]\s+)*:{3,}\s*$/.test(lines[end.line - 1] ?? '');
    };

    /** Rewrites the children of `parent` in place (depth first). */
    const walk = (parent: AnyParent): void => {
      const out: Nodes[] = [];
      for (const node of parent.children) {
        if (node.type === 'containerDirective') {
          const kind = CONTAINER_COMPONENTS[node.name.toLowerCase()];
          if (node === parent.children.at(-1) && !closed(node)) {
            const where = parent === (tree as unknown as AnyParent) ? 'brief' : 'enclosing block';
            const m = file.message(`\`:::${node.name}\` is never closed: everything after it to the end of the ${where} is inside it; end it with a line \`:::\``, { place: node.position?.start, ruleId: 'unclosed-directive', source: 'sahifa' });
            m.fatal = false;
          }
          walk(node as unknown as AnyParent);
          if (kind) out.push(component(node, kind) as unknown as Nodes);
          else {
            warn(node, `unknown directive \`:::${node.name}\` (known: ${Object.keys(CONTAINER_COMPONENTS).join(', ')})${didYouMean(node.name, Object.keys(CONTAINER_COMPONENTS), (n) => `\`:::${n}\``)}; its content is printed as plain text`);
            const kids = node.children.filter((c) => !(c.type === 'paragraph' && c.data?.directiveLabel));
            out.push(...(kids as Nodes[]));
          }
          continue;
        }
        if (node.type === 'leafDirective') {
          const leaf = node as LeafDirective;
          if (['figure', 'chart'].includes(leaf.name.toLowerCase())) out.push(leaf); // figures.ts, charts.ts
          else warn(leaf, `unknown directive \`::${leaf.name}\`${didYouMean(leaf.name, ['figure', 'chart'], (n) => `\`::${n}\``)}; it is left out`);
          continue;
        }
        if (node.type === 'textDirective') {
          out.push(...(textBack(node as TextDirective) as Nodes[]));
          continue;
        }
        if ('children' in node) walk(node as AnyParent);
        out.push(node);
      }
      parent.children = out;
    };
    walk(tree as unknown as AnyParent);
  };
}

/** An inline directive that is not one: the text it was written as (`:name` plus `[label]`). */
function textBack(node: TextDirective): PhrasingContent[] {
  const head: Text = { type: 'text', value: `:${node.name}` };
  if (!node.children.length) return [head];
  return [head, { type: 'text', value: '[' }, ...node.children, { type: 'text', value: ']' }];
}
