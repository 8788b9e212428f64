/**
 * The template's fonts as files that travel with the page: one asset per font file under
 * `fonts/` of the output folder, and the `@font-face` rules that load them by relative URL.
 */
import { basename, extname } from 'node:path';
import { fontBytes, fontsNeeded, subsetFontBytes, unicodeRange } from '../../templates/font-files.js';
import type { FontFiles, LoadedTemplate } from '../../templates/schema.js';
import type { Asset } from '../types.js';

/** One `@font-face`: family name, CSS weight (400 or 700), style and URL relative to the page. */
export interface FontFaceRule {
  readonly family: string;
  readonly weight: 400 | 700;
  readonly style: 'normal' | 'italic';
  /** Relative URL, already percent-encoded, e.g. `fonts/IBMPlexSansArabic-Regular.ttf`. */
  readonly url: string;
  /** CSS `format()` hint: `truetype`, `opentype`, `woff` or `woff2`. */
  readonly format: string;
  /** CSS `unicode-range` of a family that leaves scripts to the next fonts (`excludeScripts`). */
  readonly unicodeRange?: string | undefined;
}

const FORMATS: Record<string, string> = { '.ttf': 'truetype', '.otf': 'opentype', '.woff': 'woff', '.woff2': 'woff2' };

/**
 * The faces of a family to load: regular and bold, and the italic faces the family has when the
 * page has italic text (without them the browser slants the upright face, as the PDF does).
 */
function facesOf(files: FontFiles, italic: boolean): (readonly [400 | 700, 'normal' | 'italic', string])[] {
  const out: (readonly [400 | 700, 'normal' | 'italic', string])[] = [[400, 'normal', files.regular], [700, 'normal', files.bold]];
  if (italic && files.italic !== undefined) out.push([400, 'italic', files.italic]);
  if (italic && files.boldItalic !== undefined) out.push([700, 'italic', files.boldItalic]);
  return out;
}

/**
 * Reads the regular and bold files of the font families the brief needs (`fontsNeeded`: every
 * role's own font, the code role's only with `code`, and a fallback font only when the text needs
 * it), in template order.
 * Asset paths are `fonts/<file name>`; two different files with one name are told apart by
 * the family key (`fonts/<key>/<file name>`).
 *
 * @throws the `fs` error when a font file cannot be read (the loader already checked it exists)
 */
export async function fontAssets(loaded: LoadedTemplate, text: string, italic = false, code = ''): Promise<{ faces: FontFaceRule[]; assets: Asset[] }> {
  const { template, fontFiles } = loaded;
  const used = new Set(fontsNeeded(loaded, text, code));
  const faces: FontFaceRule[] = [];
  const assets: Asset[] = [];
  const byPath = new Map<string, string>(); // asset path → source file
  for (const [key, fam] of Object.entries(template.fonts)) {
    if (!used.has(key)) continue;
    const files = fontFiles[key]!;
    for (const [weight, style, source] of facesOf(files, italic)) {
      const name = basename(source);
      let path = `fonts/${name}`;
      if (byPath.has(path) && byPath.get(path) !== source) path = `fonts/${key}/${name}`;
      if (!byPath.has(path)) {
        byPath.set(path, source);
        // the bytes read once per process (fontBytes), as the PDF and DOCX writers read them
        assets.push({ path, bytes: fontBytes(source) });
      }
      const url = path.split('/').map(encodeURIComponent).join('/');
      faces.push({ family: fam.family, weight, style, url, format: FORMATS[extname(name).toLowerCase()] ?? 'truetype', unicodeRange: unicodeRange(loaded, key) });
    }
  }
  return { faces, assets };
}

/** Characters the page prints besides the brief's text: digits, bullets, separators. */
const GENERATED = '0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹•·–—:.,،؛()[]«»"\'/-%٪ ';

/**
 * `@font-face` rules with the fonts inlined as `data:` URLs (WOFF), each subset with HarfBuzz
 * (subset-font) to the characters of `text` plus digits and punctuation the page generates, so a
 * self-contained page stays small. Only the families the brief needs (`fontsNeeded`).
 *
 * @param text all the text the page shows (the brief, its front matter, the template's words)
 * @param code the text of its code (`codeText`)
 * @throws Error when a font cannot be read or subset
 */
export async function inlineFontFaces(loaded: LoadedTemplate, text: string, italic = false, code = ''): Promise<FontFaceRule[]> {
  const chars = [...new Set(text + GENERATED)].join('');
  const faces: FontFaceRule[] = [];
  for (const key of fontsNeeded(loaded, text, code)) {
    const files = loaded.fontFiles[key]!;
    for (const [weight, style, source] of facesOf(files, italic)) {
      const woff = await subsetFontBytes(fontBytes(source), chars, 'woff');
      faces.push({ family: loaded.template.fonts[key]!.family, weight, style, url: `data:font/woff;base64,${Buffer.from(woff).toString('base64')}`, format: 'woff', unicodeRange: unicodeRange(loaded, key) });
    }
  }
  return faces;
}
