/**
 * The `<html>` shell around the body: doctype, `lang`/`dir`, charset, viewport, title and the
 * style sheet, plus the title block (`<header class="title-block">` with the page's only `h1`).
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import type { Dir } from '../../model/direction.js';
import type { TitleBlock } from '../shared/title-block.js';

/**
 * Renders the title block in the shared order: kicker, title (`h1`), subtitle, authors,
 * organisation, date. Authors are stacked, one `p.author` per author, as the PDF and DOCX print
 * them. Absent lines are left out.
 */
export function titleBlockElement(block: TitleBlock): Element {
  const line = (className: string, text: string | undefined): Element[] => (text ? [h('p', { className: [className] }, text)] : []);
  return h('header', { className: ['title-block'] }, spaced([
    ...line('kicker', block.kicker),
    ...(block.title ? [h('h1', block.title)] : []),
    ...line('subtitle', block.subtitle),
    ...block.authors.flatMap((author) => line('author', author)),
    ...line('organisation', block.organisation),
    ...line('date', block.date),
  ]));
}

/** What the page shell needs. */
export interface Shell {
  /** BCP 47 language of the document (`<html lang>`). */
  readonly lang: string;
  /** Base direction of the document (`<html dir>`). */
  readonly dir: Dir;
  /** Text of `<title>`. */
  readonly title: string;
  /** Optional `<meta name="description">`. */
  readonly description?: string | undefined;
  /** Style sheet text for `<style>`. */
  readonly css: string;
  /** Children of `<body>`. */
  readonly body: readonly ElementContent[];
  /** Add the {@link CONTENT_SECURITY_POLICY} meta (default true). */
  readonly csp?: boolean | undefined;
}

/**
 * The page's Content-Security-Policy: nothing but its own style sheet, and fonts and images from
 * its own folder (`'self'`: the page's file:// folder, or the preview server's origin) or inlined
 * in the page itself (`data:`, as `--self-contained` writes them). No script,
 * frame, form, connection or remote resource is allowed, even if raw HTML slipped through.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; form-action 'none'";

/** Builds the whole page as a hast root (serialise it with `hast-util-to-html`). */
export function htmlDocument(shell: Shell): Root {
  const head = h('head', spaced([
    h('meta', { charSet: 'utf-8' }),
    ...(shell.csp === false ? [] : [h('meta', { httpEquiv: 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY })]),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', shell.title),
    ...(shell.description ? [h('meta', { name: 'description', content: shell.description })] : []),
    h('style', `\n${shell.css}`),
  ]));
  const body = h('body', spaced([...shell.body]));
  return { type: 'root', children: [{ type: 'doctype' }, h('html', { lang: shell.lang, dir: shell.dir }, spaced([head, body])), nl()] };
}

const nl = (): ElementContent => ({ type: 'text', value: '\n' });

/** Puts a line break before each node and after the last, for readable source. */
function spaced(nodes: readonly ElementContent[]): ElementContent[] {
  return [...nodes.flatMap((n) => [nl(), n]), nl()];
}
