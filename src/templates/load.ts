/**
 * Finding and loading templates. A template is a folder `templates/<name>/` holding
 * `template.yaml`; it is data only (no code runs). Fonts are files under `fonts/`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SahifaError } from '../model/errors.js';
import { fileStampSync } from '../io/file-stamp.js';
import { fontProblem } from '../model/fonts.js';
import { DEFAULT_LIMITS, formatBytes } from '../model/limits.js';
import { containedPath, readRegularFile } from '../io/paths.js';
import { didYouMean } from '../model/suggest.js';
import { parseLocatedYaml, type LocatedYaml } from '../model/yaml-places.js';
import { readData, writeData } from '../startup/data-cache.js';
import { decodedBytes, imageInfo, imageProblem } from '../model/images.js';
import { PAGE_SIZES } from './units.js';
import { settingsOf } from './settings.js';
import { templateSchema, type FontFiles, type LoadedTemplate, type Template, type TemplateLogo } from './schema.js';

/** The package root (holds `templates/` and `fonts/` shipped with sahifa). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where templates and fonts are looked up: the project folder first, then sahifa's own. */
export interface TemplateSearch {
  /** Project root: `templates/` and `fonts/` here win over the packaged ones. Default: cwd. */
  readonly root?: string | undefined;
}

/**
 * Loaded templates by file, with the stamps (`io/file-stamp.ts`) of the file and of its logo
 * when loaded: a template edited during `watch` or between two `build()` calls of one process is
 * read again.
 */
const cache = new Map<string, { loaded: LoadedTemplate; stamps: string }>();

/** Stamps of a template file and of its logo (see {@link cache}); '' for a file that is gone. */
function templateStamps(file: string, logo: string | undefined): string {
  return `${fileStampSync(file) ?? ''}|${logo === undefined ? '-' : (fileStampSync(logo) ?? '')}`;
}

/** The folders whose `templates/` and `fonts/` are searched, in order, each once (the project is sahifa's own folder when run inside it). */
function templateRoots(search: TemplateSearch): string[] {
  return [...new Set([resolve(search.root ?? process.cwd()), PACKAGE_ROOT])];
}

/** Largest `template.yaml` read, in bytes (the shipped ones are about 5 KB). */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Names of the templates found under the `templates/` folders of `roots` (folders holding a `template.yaml`), sorted, each once. */
function templateNames(roots: readonly string[]): string[] {
  const names = new Set<string>();
  for (const root of roots) {
    let entries: string[];
    try {
      entries = readdirSync(join(root, 'templates'));
    } catch {
      continue;
    }
    for (const name of entries) if (existsSync(join(root, 'templates', name, 'template.yaml'))) names.add(name);
  }
  return [...names].sort();
}

/**
 * Finds `templates/<name>/template.yaml`, in the project first, then in sahifa's own templates,
 * without reading it. A template file or folder that is a symbolic link leading out of its root
 * (the project, or sahifa's own folder) is refused, as briefs are: nothing is read from its target.
 *
 * @returns the absolute path of the template file (as found, symbolic links not resolved)
 * @throws {SahifaError} `template` rule, without line (the caller knows where the name was
 *   written): a name that is not a plain folder name, no such template; `path` rule for a
 *   template that is a symbolic link out of its root
 */
export function findTemplate(name: string, search: TemplateSearch = {}): string {
  const roots = templateRoots(search);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new SahifaError({ file: 'templates' }, `template name "${name}" is not valid: use letters, digits, - and _ (a folder under templates/)`, 'template');
  }
  let file: string | undefined;
  for (const r of roots) {
    const written = join('templates', name, 'template.yaml');
    const contained = containedPath(written, r, r);
    if (!contained.ok) throw new SahifaError({ file: join(r, written) }, `template "${name}": ${contained.reason}`, 'path');
    if (contained.exists) {
      file = join(r, written);
      break;
    }
  }
  if (!file) {
    const known = templateNames(roots);
    const listed = known.length ? `; templates: ${known.join(', ')}` : '';
    const hint = didYouMean(name, known, (n) => `"${n}"`);
    throw new SahifaError({ file: join('templates', name, 'template.yaml') }, `unknown template "${name}" (looked in ${roots.map((r) => join(r, 'templates')).join(', ')})${listed}${hint}`, 'template');
  }
  return file;
}

/**
 * Loads and validates `templates/<name>/template.yaml`.
 *
 * @throws {SahifaError} `template` rule: unknown template name, invalid YAML, an invalid or unknown
 *   key (with its line and column), a colour or font key that is not defined (roles, cover, list,
 *   header, footer, table, components), a missing font file, a `header.logo` that is missing or
 *   not a whole PNG/JPEG.
 */
export function loadTemplate(name: string, search: TemplateSearch = {}): LoadedTemplate {
  const roots = templateRoots(search);
  const file = findTemplate(name, search);
  const hit = cache.get(file);
  if (hit && hit.stamps === templateStamps(file, hit.loaded.logo?.file)) return hit.loaded;
  const loaded = readTemplateFile(file, roots);
  cache.set(file, { loaded, stamps: templateStamps(file, loaded.logo?.file) });
  return loaded;
}

/** Width and height in pt the page margins must leave for text (one inch). */
export const MIN_TEXT_ROOM = 72;

/**
 * Validates one template file (exported for tests and `sahifa check`).
 *
 * @param roots folders whose `fonts/` may hold the template's font files, in order
 */
export function readTemplateFile(file: string, roots: readonly string[]): LoadedTemplate {
  const read = readRegularFile(file, MAX_TEMPLATE_BYTES);
  if (!read.ok) {
    const why = read.refusal === 'too-large' ? `is ${formatBytes(read.size ?? 0)}; the limit is ${formatBytes(MAX_TEMPLATE_BYTES)}` : read.reason;
    throw new SahifaError({ file }, `template file ${why}`, read.refusal === 'too-large' ? 'limit' : 'template');
  }
  // the YAML parse and the schema check are most of a cold HTML build's template cost: a template
  // that passed them is kept, by its bytes, in the data cache (startup/data-cache.ts)
  let located: LocatedYaml | undefined;
  const locate = (): LocatedYaml => (located ??= parseLocatedYaml(new TextDecoder().decode(read.bytes), file));
  const fail = (path: ReadonlyArray<PropertyKey>, reason: string): never => {
    throw new SahifaError({ file, ...locate().placeOf(path) }, `template key \`${path.map(String).join('.')}\`: ${reason}`, 'template');
  };
  let template = readData<Template>('template', read.bytes);
  if (template === undefined) {
    const parsed = templateSchema.safeParse(locate().value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      return fail(path, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message);
    }
    template = parsed.data;
    writeData('template', read.bytes, template);
  }
  // Room the margins leave for text: pdfmake would set one letter per line and docx rejects the
  // negative widths of a header table (the build failed with a stack trace).
  const [pageWidth, pageHeight] = PAGE_SIZES[template.page.size];
  const { top, bottom, start, end } = template.page.margins;
  if (pageWidth - start - end < MIN_TEXT_ROOM) fail(['page', 'margins', 'start'], `start ${start} pt and end ${end} pt leave ${Math.round(pageWidth - start - end)} pt of the ${Math.round(pageWidth)} pt page width for text; at least ${MIN_TEXT_ROOM} pt are needed`);
  if (pageHeight - top - bottom < MIN_TEXT_ROOM) fail(['page', 'margins', 'top'], `top ${top} pt and bottom ${bottom} pt leave ${Math.round(pageHeight - top - bottom)} pt of the ${Math.round(pageHeight)} pt page height for text; at least ${MIN_TEXT_ROOM} pt are needed`);
  const colourKey = (path: PropertyKey[], key: string, allowNone = false): void => {
    if (allowNone && key === 'none') return;
    if (!(key in template.colours)) fail(path, `colour "${key}" is not defined under colours`);
  };
  for (const [roleName, role] of Object.entries(template.roles)) {
    if (!(role.font in template.fonts)) fail(['roles', roleName, 'font'], `font "${role.font}" is not defined under fonts`);
    role.fallback.forEach((key, i) => {
      if (!(key in template.fonts)) fail(['roles', roleName, 'fallback', i], `font "${key}" is not defined under fonts`);
    });
    colourKey(['roles', roleName, 'colour'], role.colour);
  }
  colourKey(['cover', 'band'], template.cover.band, true);
  colourKey(['cover', 'titleColour'], template.cover.titleColour);
  colourKey(['cover', 'rule'], template.cover.rule, true);
  colourKey(['list', 'bulletColour'], template.list.bulletColour);
  colourKey(['header', 'rule'], template.header.rule, true);
  colourKey(['table', 'headerBackground'], template.table.headerBackground, true);
  colourKey(['table', 'headerColour'], template.table.headerColour);
  colourKey(['table', 'rule'], template.table.rule);
  for (const [name, box] of Object.entries(template.components)) {
    colourKey(['components', name, 'background'], box.background, true);
    colourKey(['components', name, 'border'], box.border, true);
    colourKey(['components', name, 'titleColour'], box.titleColour);
    if (box.textColour !== undefined) colourKey(['components', name, 'textColour'], box.textColour);
  }
  colourKey(['footer', 'rule'], template.footer.rule, true);
  const fontFiles: Record<string, FontFiles> = {};
  for (const [key, fam] of Object.entries(template.fonts)) {
    const find = (rel: string, style: string): string => {
      let hit: string | undefined;
      for (const r of roots) {
        // Font files are read only from a root's fonts/ folder: no absolute path, `..` or symlink out.
        const contained = containedPath(rel, join(r, 'fonts'), join(r, 'fonts'));
        if (!contained.ok) fail(['fonts', key, style], `font file "${rel}": ${contained.reason.replace('project folder', 'fonts/ folder')}`);
        else if (contained.exists) {
          hit = contained.path;
          break;
        }
      }
      if (!hit) return fail(['fonts', key, style], `font file fonts/${rel} not found`);
      // a regular file only, its size checked before it is read (a FIFO in fonts/ must not hang the build)
      const read = readRegularFile(hit, DEFAULT_LIMITS.maxFontBytes);
      if (!read.ok && read.refusal === 'too-large') fail(['fonts', key, style], `font file fonts/${rel} is ${formatBytes(read.size ?? 0)}; the limit is ${formatBytes(DEFAULT_LIMITS.maxFontBytes)}`);
      if (!read.ok) return fail(['fonts', key, style], `font file fonts/${rel} ${read.refusal === 'not-file' ? 'is not a regular file' : read.reason}`);
      const problem = fontProblem(read.bytes);
      if (problem) fail(['fonts', key, style], `font file ${hit} is not a usable font: ${problem}`);
      return hit;
    };
    fontFiles[key] = {
      regular: find(fam.regular, 'regular'),
      bold: find(fam.bold, 'bold'),
      ...(fam.italic !== undefined ? { italic: find(fam.italic, 'italic') } : {}),
      ...(fam.boldItalic !== undefined ? { boldItalic: find(fam.boldItalic, 'boldItalic') } : {}),
    };
  }
  return { template, settings: settingsOf(template), file, fontFiles, ...(template.header.logo !== undefined ? { logo: readLogo(file, template, fail) } : {}) };
}

/**
 * Reads and checks `header.logo`: a PNG or JPEG file inside the template's folder, that is a
 * regular file (never a FIFO or device) within the image limits; a symbolic link that leads out
 * of the project (the folder holding `templates/`) is refused, as briefs and images are.
 *
 * @param fail throws the placed template error for a key path
 */
function readLogo(file: string, template: Template, fail: (path: PropertyKey[], reason: string) => never): TemplateLogo {
  const rel = template.header.logo!;
  const folder = dirname(file);
  const path = resolve(folder, rel);
  const inside = relative(folder, path);
  if (isAbsolute(rel) || inside.startsWith('..') || isAbsolute(inside)) return fail(['header', 'logo'], `"${rel}" must be a path inside the template's folder`);
  const contained = containedPath(rel, folder, resolve(folder, '..', '..'));
  if (!contained.ok) return fail(['header', 'logo'], `logo file "${rel}": ${contained.reason}`);
  const read = contained.exists ? readRegularFile(contained.path, DEFAULT_LIMITS.maxImageBytes) : undefined;
  if (!read?.ok) {
    if (read?.refusal === 'too-large') return fail(['header', 'logo'], `logo file "${rel}" is ${formatBytes(read.size ?? 0)}; the limit is ${formatBytes(DEFAULT_LIMITS.maxImageBytes)}`);
    if (read?.refusal === 'not-file') return fail(['header', 'logo'], `logo file "${rel}" is not a regular file`);
    return fail(['header', 'logo'], `logo file "${rel}" not found (looked in ${folder})`);
  }
  const bytes = new Uint8Array(read.bytes);
  const info = imageInfo(bytes);
  if (!info) return fail(['header', 'logo'], `logo file "${rel}" is not a PNG or JPEG image`);
  if (info.width * info.height > DEFAULT_LIMITS.maxImagePixels || decodedBytes(bytes, info) > DEFAULT_LIMITS.maxImageDecodedBytes) {
    return fail(['header', 'logo'], `logo file "${rel}" has ${info.width} × ${info.height} pixels: over the image limits`);
  }
  const problem = imageProblem(bytes, info);
  if (problem) return fail(['header', 'logo'], `logo file "${rel}": ${problem}`);
  if (info.width === 0 || info.height === 0) return fail(['header', 'logo'], `logo file "${rel}" has no pixels`);
  const heightPt = template.header.logoHeight;
  return { file: path, bytes, format: info.format, width: info.width, height: info.height, heightPt, widthPt: (heightPt * info.width) / info.height };
}

// lives with the settings (which resolve colours once); imported from here by the writers
export { colourOf } from './settings.js';
