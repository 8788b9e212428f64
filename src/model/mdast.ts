/**
 * The shared tree is mdast with typed `data` fields for direction and language, plus sahifa's own
 * block nodes for the policy-brief components. These are set once, by the parser's plugins
 * (`parse/plugins/direction`, `parse/plugins/components`), and read by every writer.
 */
import type { BlockContent, Data, DefinitionContent, Node, Paragraph, Parent, PhrasingContent } from 'mdast';
import type { Dir } from './direction.js';
import type { ElementContent as HastContent } from 'hast';

/**
 * Names of the box components (Markdown container directives after aliasing: `callout` → `note`,
 * `box` → `sidebar`). The template styles each under `components.<name>`.
 */
export type ComponentName = 'keypoints' | 'summary' | 'recommendations' | 'note' | 'quote' | 'sidebar' | 'abstract' | 'about' | 'disclaimer' | 'references';

/**
 * A box component, from a container directive such as `:::keypoints` or `:::sidebar[Title]`.
 * `children` are its blocks; `title` is the directive's label (absent: the writers print the
 * template's default title for the component, in the block's language, if it has one).
 */
export interface Component extends Parent {
  type: 'component';
  name: ComponentName;
  /** The label `[…]` of the directive, as phrasing content. */
  title?: PhrasingContent[] | undefined;
  children: Array<BlockContent | DefinitionContent>;
  data?: Data | undefined;
}

/**
 * A numbered figure: a paragraph that holds only an image (`![alt](images/x.png "caption")`),
 * or a `::figure{src=… caption=…}` leaf directive. The image is a local PNG or JPEG file.
 */
export interface Figure extends Node {
  type: 'figure';
  /** The URL as written in the brief (relative to the brief). */
  url: string;
  /** Real path of the image file inside the project root (checked when parsing), or the URL of a fetched remote image. */
  src: string;
  /**
   * The image's bytes, read (or fetched) and checked once by the parser: writers embed these and
   * never read the file again.
   */
  bytes: Uint8Array;
  /** Image format; an SVG's bytes are the sanitised document (`model/svg.ts`). */
  format: 'png' | 'jpg' | 'svg';
  /** Natural size in pixels (read from the file's header; an SVG's in CSS px). */
  width: number;
  height: number;
  /** Alternative text (the image's alt). */
  alt: string;
  /** Caption text: the image title when given, else its alt. */
  caption: string;
  /** 1-based figure number in document order. */
  number: number;
  /**
   * A chart (`::chart`): its Vega-Lite spec with the data inlined, drawn to SVG before the
   * writers run (`charts/render.ts` fills `bytes`, `width` and `height`; until then `bytes` is empty).
   */
  chart?: { readonly spec: Record<string, unknown> } | undefined;
  data?: Data | undefined;
}

/**
 * Inline raw HTML, resolved by the parser (`parse/plugins/raw-html.ts`). Three kinds:
 * - an element's opening tag (`data.html`) and, when found, its closing tag (`data.htmlClose`),
 *   its children the siblings between them; `data.hidden` when a browser does not show them
 *   (`<script>`, `<style>`…: no writer prints them);
 * - HTML complete in one node (`<br>`, `<img alt>`, a comment: `data.htmlWhole`), its children
 *   what it shows (text, `break`, `image` for an alt text);
 * - a mark with no tag of its own inside one of the others: code marks (`data.code`) or a bidi
 *   isolate (`data.dir`, from a `dir` attribute).
 * The HTML writer prints `data.html`/`data.htmlClose` as the page's markup (and children only
 * for the first kind); PDF and DOCX print the children.
 */
export interface HtmlSpan extends Parent {
  type: 'htmlSpan';
  children: PhrasingContent[];
  data?: Data | undefined;
}

/**
 * A raw HTML block, resolved by the parser: its text blocks as plain paragraphs (what PDF and
 * DOCX print, and what the direction vote counts); `data.html` is the HTML as written, for the
 * HTML writer.
 */
export interface HtmlBlock extends Parent {
  type: 'htmlBlock';
  children: Paragraph[];
  data?: Data | undefined;
}

/** Where the table of contents goes (front matter `toc: true`): the start of the body. */
export interface Toc extends Node {
  type: 'toc';
  data?: Data | undefined;
}

declare module 'hast' {
  interface Data {
    /**
     * An element of a brief's raw HTML left open by its block (`<div dir="rtl">` on a line of its
     * own): the siblings after the block, up to the block that closes it (`data.htmlCloses`) or
     * the parent's end, are its content, as a browser reads it.
     */
    htmlOpen?: boolean | undefined;
  }
}

declare module 'mdast' {
  interface Data {
    /** Resolved base direction of the block (set on block nodes by `parse/plugins/direction`). */
    dir?: Dir | undefined;
    /** BCP 47 language of the block when it differs from the document's, e.g. `en` inside an Arabic brief. */
    lang?: string | undefined;
    /**
     * Anchor id of a link target (`model/anchors.ts`): headings `sec-N` (also used by the table of
     * contents), labelled figures `fig-N`, table captions `tbl-N` (paragraphs), reference entries
     * `ref-N` (list items). Every writer makes it a destination: HTML `id`, PDF named
     * destination, DOCX bookmark (headings only when `linked`).
     */
    id?: string | undefined;
    /** Figures, table captions, headings: the cross-reference label written after them (`fig:chart`). */
    label?: string | undefined;
    /** Links made by the parser to a target of the brief (a cross-reference, a citation): its anchor id. */
    anchor?: string | undefined;
    /** Headings: a link of the brief points at it (`#sec-N`), so the DOCX marks it with a bookmark. */
    linked?: boolean | undefined;
    /** Footnote references and definitions: 1-based note number, in order of first reference. */
    number?: number | undefined;
    /** Raw HTML resolved by the parser (`htmlSpan`, `htmlBlock`, and marks made from a tag): the tag or HTML as written. */
    html?: string | undefined;
    /** The closing tag of the element whose opening tag is `html`, when the parser found it. */
    htmlClose?: string | undefined;
    /** `htmlSpan`: HTML complete in itself; its children are what it shows, not siblings. */
    htmlWhole?: boolean | undefined;
    /** `htmlSpan`: content a browser does not show (`<script>`…); no writer prints it. */
    hidden?: boolean | undefined;
    /** `htmlSpan`: the text is code (`<code>`, `<kbd>`, `<samp>`, `<tt>`). */
    code?: boolean | undefined;
    /**
     * Raw HTML resolved by the parser: the HTML as written, as hast (hast-util-from-html, not yet
     * sanitised: the HTML writer sanitises the page, or keeps it as written with `--allow-html`).
     * An opening tag's element has no children: the node's own children go in it. No writer
     * parses `data.html` again.
     */
    hast?: HastContent[] | undefined;
    /**
     * `htmlBlock`: its HTML only closes elements that earlier siblings' HTML left open
     * (`</div>`): how many of those blocks it closes; the siblings between are inside them.
     */
    htmlCloses?: number | undefined;
  }
  interface RootContentMap {
    component: Component;
    figure: Figure;
    toc: Toc;
    htmlSpan: HtmlSpan;
    htmlBlock: HtmlBlock;
  }
  interface PhrasingContentMap {
    htmlSpan: HtmlSpan;
  }
  interface BlockContentMap {
    htmlBlock: HtmlBlock;
    component: Component;
    figure: Figure;
    toc: Toc;
  }
}

export {};
