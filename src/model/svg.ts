/**
 * SVG images, sanitised once by the parser for every writer: the bytes a figure carries are the
 * sanitised SVG, never the file as written.
 *
 * Refused (the figure prints its alt text): a document type or entity declaration (`<!DOCTYPE`,
 * `<!ENTITY`: entity expansion and external entities are never processed), XML that is not well
 * formed, a root other than `<svg>`, more than {@link SVG_LIMITS}'s elements, nesting or bytes,
 * and a size (`width`, `height`, `viewBox`) that is missing, not a finite positive number or
 * absurdly large.
 *
 * Neutralised (removed, with a warning naming what): `<script>`, `<foreignObject>` and any
 * element outside the SVG 1.1 static subset (with their content), event attributes (`on…`),
 * references to anything but a fragment of the same file (`href`/`xlink:href` not `#…`,
 * `url(…)` not `url(#…)`, `@import` in a `<style>`), and attributes in other namespaces.
 * Nothing is ever fetched or read.
 */
import sax from 'sax';

/** Limits of one SVG image. */
export const SVG_LIMITS = Object.freeze({
  /** File size in bytes. */
  maxBytes: 5 * 1024 * 1024,
  /** Elements in the document. */
  maxElements: 50_000,
  /** Element nesting depth. */
  maxDepth: 64,
  /** Width and height in CSS px (and the viewBox's extent in user units). */
  maxExtent: 100_000,
});

/** A usable SVG: sanitised text, its size in CSS px, and what was removed. */
export interface SanitisedSvg {
  readonly ok: true;
  /** The sanitised document (UTF-8 text, with `width`, `height` and `viewBox` set). */
  readonly svg: string;
  /** Size in CSS px (1/96 in). */
  readonly width: number;
  readonly height: number;
  /** One sentence per kind of content removed ("its <script> was removed"). */
  readonly removed: readonly string[];
}

/** A refused SVG: why, as a clause ("declares a DOCTYPE…"). */
export interface RefusedSvg {
  readonly ok: false;
  readonly reason: string;
}

/** Elements kept: SVG 1.1's static structure, shapes, text, paint servers and clipping. */
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'marker', 'style',
]);
/** Removed silently with their content: data that draws nothing. */
const QUIET = new Set(['metadata']);
/** `a` draws its content: kept as a group, its link removed. */
const AS_GROUP = new Set(['a', 'switch']);

const XML_SPACE = /^(?:xmlns(?::xlink)?|xml:space|xml:lang)$/;
const EXTERNAL_URL = /url\(\s*(?!['"]?#)/i;

/** Length in CSS px of an SVG `width`/`height` value; undefined for a percentage or nonsense. */
function lengthPx(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'px').toLowerCase();
  const k: Record<string, number> = { px: 1, pt: 96 / 72, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };
  return n * k[unit]!;
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/**
 * Sanitises an SVG file (see the module comment).
 *
 * @param bytes the file as read (UTF-8; a BOM is allowed)
 * @returns the sanitised SVG with its size in px, or why it is refused
 */
export function sanitiseSvg(bytes: Uint8Array): SanitisedSvg | RefusedSvg {
  const refuse = (reason: string): RefusedSvg => ({ ok: false, reason });
  if (bytes.length > SVG_LIMITS.maxBytes) return refuse(`is ${bytes.length} bytes; an SVG may have at most ${SVG_LIMITS.maxBytes}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return refuse('is not UTF-8 text');
  }
  if (/<!DOCTYPE/i.test(text)) return refuse('declares a DOCTYPE (entities and external DTDs are never processed)');
  if (/<!ENTITY/i.test(text)) return refuse('declares an entity (entity expansion is never processed)');

  const out: string[] = [];
  const removed = new Map<string, Set<string>>();
  const remove = (kind: string, what: string): void => {
    const set = removed.get(kind) ?? new Set<string>();
    if (set.size < 3) set.add(what);
    removed.set(kind, set);
  };
  let elements = 0;
  let depth = 0;
  let skipping = 0; // depth inside a removed element
  let problem: string | undefined;
  let rootSeen = false;
  let size: { width: number; height: number; viewBox: string } | undefined;
  const open: { name: string; written: string | undefined }[] = [];
  let inStyle = false;

  const parser = sax.parser(true, { xmlns: false, position: false });
  parser.onerror = (err: Error): void => {
    problem ??= `is not well-formed XML (${err.message.split('\n')[0]})`;
    throw err;
  };
  parser.onopentag = (tag: { name: string; attributes: Record<string, string> }): void => {
    if (problem) return;
    elements++;
    depth++;
    if (elements > SVG_LIMITS.maxElements) problem = `has more than ${SVG_LIMITS.maxElements} elements`;
    else if (depth > SVG_LIMITS.maxDepth) problem = `nests elements more than ${SVG_LIMITS.maxDepth} deep`;
    if (problem) return;
    const name = tag.name;
    if (!rootSeen) {
      rootSeen = true;
      if (name !== 'svg') {
        problem = `has the root element <${name}>, not <svg>`;
        return;
      }
    }
    if (skipping) {
      skipping++;
      open.push({ name, written: undefined });
      return;
    }
    if (!ELEMENTS.has(name) && !AS_GROUP.has(name)) {
      const link = tag.attributes['href'] ?? tag.attributes['xlink:href'];
      if (name === 'image' && link !== undefined && !link.trim().startsWith('#')) remove('external', link.slice(0, 80));
      else if (!QUIET.has(name)) remove(name === 'script' || name === 'foreignObject' ? name : 'element', `<${name}>`);
      skipping = 1;
      open.push({ name, written: undefined });
      return;
    }
    const written = AS_GROUP.has(name) ? 'g' : name;
    const attrs: string[] = [];
    const a = tag.attributes;
    for (const [key, value] of Object.entries(a)) {
      if (/^on/i.test(key)) {
        remove('event', key);
        continue;
      }
      if (key === 'href' || key === 'xlink:href') {
        if (written === 'g') continue; // the link of an <a>
        if (!value.trim().startsWith('#')) {
          remove('external', value.slice(0, 80));
          continue;
        }
      }
      if (key.includes(':') && !XML_SPACE.test(key) && key !== 'xlink:href') continue;
      if (EXTERNAL_URL.test(value)) {
        remove('external', value.slice(0, 80));
        continue;
      }
      if (depth === 1 && (key === 'width' || key === 'height' || key === 'viewBox')) continue;
      attrs.push(` ${key}="${escapeAttr(value)}"`);
    }
    if (depth === 1) {
      const result = svgSize(a['width'], a['height'], a['viewBox']);
      if (typeof result === 'string') {
        problem = result;
        return;
      }
      size = result;
      attrs.unshift(` width="${fmt(size.width)}" height="${fmt(size.height)}" viewBox="${escapeAttr(size.viewBox)}"`);
      if (!('xmlns' in a)) attrs.unshift(' xmlns="http://www.w3.org/2000/svg"');
    }
    inStyle = written === 'style';
    out.push(`<${written}${attrs.join('')}>`);
    open.push({ name, written });
  };
  parser.onclosetag = (): void => {
    if (problem) return;
    depth--;
    const top = open.pop();
    if (skipping) {
      skipping--;
      return;
    }
    if (top?.written) out.push(`</${top.written}>`);
    inStyle = false;
  };
  const onText = (t: string): void => {
    if (problem || skipping || !rootSeen || open.length === 0) return;
    if (inStyle && (/@import/i.test(t) || EXTERNAL_URL.test(t))) {
      remove('external', 'a style sheet with @import or url(…)');
      return;
    }
    out.push(escapeText(t));
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  try {
    parser.write(text).close();
  } catch {
    // the reason is in `problem`
  }
  if (problem) return refuse(problem);
  if (!rootSeen || !size) return refuse('has no <svg> element');

  const sentences: string[] = [];
  const list = (kind: string): string => [...(removed.get(kind) ?? [])].join(', ');
  if (removed.has('script')) sentences.push('its <script> was removed');
  if (removed.has('foreignObject')) sentences.push('its <foreignObject> was removed');
  if (removed.has('event')) sentences.push(`its event attributes (${list('event')}) were removed`);
  if (removed.has('external')) sentences.push(`its external references (${list('external')}) were removed and not fetched`);
  if (removed.has('element')) sentences.push(`elements sahifa does not draw (${list('element')}) were removed`);
  return { ok: true, svg: out.join(''), width: size.width, height: size.height, removed: sentences };
}

const fmt = (n: number): string => String(Math.round(n * 1000) / 1000);

/**
 * The size of the root `<svg>` in px and its viewBox: `width`/`height` when given in absolute
 * units, else the viewBox's extent (a percentage counts as not given). Either missing: the other
 * through the viewBox's aspect ratio.
 *
 * @returns a refusal clause when the size is missing, not finite and positive, or too large
 */
export function svgSize(width: string | undefined, height: string | undefined, viewBox: string | undefined): { width: number; height: number; viewBox: string } | string {
  let box: number[] | undefined;
  if (viewBox !== undefined) {
    box = viewBox.trim().split(/[\s,]+/).map(Number);
    if (box.length !== 4 || !box.every(Number.isFinite)) return `has an unreadable viewBox "${viewBox.slice(0, 60)}"`;
    if (box[2]! <= 0 || box[3]! <= 0) return `has an empty viewBox "${viewBox.slice(0, 60)}"`;
    if (box.some((v) => Math.abs(v) > SVG_LIMITS.maxExtent * 10)) return `has a viewBox beyond ±${SVG_LIMITS.maxExtent * 10} units`;
  }
  let w = lengthPx(width);
  let h = lengthPx(height);
  if (w === undefined && h === undefined && box) [w, h] = [box[2]!, box[3]!];
  else if (w === undefined && h !== undefined) w = box ? (h * box[2]!) / box[3]! : undefined;
  else if (h === undefined && w !== undefined) h = box ? (w * box[3]!) / box[2]! : undefined;
  if (w === undefined || h === undefined) return 'has no size (neither width and height nor a viewBox)';
  if (!(w > 0 && h > 0 && Number.isFinite(w) && Number.isFinite(h))) return `has no usable size (${width ?? '?'} × ${height ?? '?'})`;
  if (w > SVG_LIMITS.maxExtent || h > SVG_LIMITS.maxExtent) return `is ${Math.round(w)} × ${Math.round(h)} px; an SVG may be at most ${SVG_LIMITS.maxExtent} px wide and high`;
  return { width: w, height: h, viewBox: box ? box.join(' ') : `0 0 ${fmt(w)} ${fmt(h)}` };
}
