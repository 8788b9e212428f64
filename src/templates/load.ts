/**
 * Finding and loading templates. A template is a folder `templates/<name>/` holding
 * `template.yaml`; it is data only (no code runs). Fonts are files under `fonts/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SahifaError } from '../model/errors.js';
import { parseLocatedYaml } from '../model/yaml-places.js';
import { templateSchema, type LoadedTemplate, type Template } from './schema.js';

/** The package root (holds `templates/` and `fonts/` shipped with sahifa). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where templates and fonts are looked up: the project folder first, then sahifa's own. */
export interface TemplateSearch {
  /** Project root: `templates/` and `fonts/` here win over the packaged ones. Default: cwd. */
  readonly root?: string | undefined;
}

const cache = new Map<string, LoadedTemplate>();

/**
 * Loads and validates `templates/<name>/template.yaml`.
 *
 * @throws {SahifaError} `template` rule: unknown template name, invalid YAML, an invalid or unknown
 *   key (with its line and column), a colour or font key that is not defined (roles, cover, list,
 *   header, footer, table, components), a missing font file.
 */
export function loadTemplate(name: string, search: TemplateSearch = {}): LoadedTemplate {
  const roots = [resolve(search.root ?? process.cwd()), PACKAGE_ROOT];
  const file = roots.map((r) => join(r, 'templates', name, 'template.yaml')).find((f) => existsSync(f));
  if (!file) {
    throw new SahifaError({ file: join('templates', name, 'template.yaml') }, `unknown template "${name}" (looked in ${roots.map((r) => join(r, 'templates')).join(', ')})`, 'template');
  }
  const hit = cache.get(file);
  if (hit) return hit;
  const loaded = readTemplateFile(file, roots);
  cache.set(file, loaded);
  return loaded;
}

/**
 * Validates one template file (exported for tests and `sahifa check`).
 *
 * @param roots folders whose `fonts/` may hold the template's font files, in order
 */
export function readTemplateFile(file: string, roots: readonly string[]): LoadedTemplate {
  const located = parseLocatedYaml(readFileSync(file, 'utf8'), file);
  const parsed = templateSchema.safeParse(located.value);
  const fail = (path: ReadonlyArray<PropertyKey>, reason: string): never => {
    throw new SahifaError({ file, ...located.placeOf(path) }, `template key \`${path.map(String).join('.')}\`: ${reason}`, 'template');
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    return fail(path, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message);
  }
  const template: Template = parsed.data;
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
  const fontFiles: Record<string, { regular: string; bold: string }> = {};
  for (const [key, fam] of Object.entries(template.fonts)) {
    const find = (rel: string, style: string): string => {
      const hit = roots.map((r) => join(r, 'fonts', rel)).find((f) => existsSync(f));
      return hit ?? fail(['fonts', key, style], `font file fonts/${rel} not found`);
    };
    fontFiles[key] = { regular: find(fam.regular, 'regular'), bold: find(fam.bold, 'bold') };
  }
  return { template, file, fontFiles };
}

/** Resolves a colour key of the template to `#rrggbb` (a literal `#rrggbb` passes through). */
export function colourOf(template: Template, key: string): string {
  return key.startsWith('#') ? key : (template.colours[key] ?? template.colours['text']!);
}
