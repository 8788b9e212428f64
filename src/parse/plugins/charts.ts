/**
 * unified plugin (after the components plugin): `::chart[caption]{src=data/x.csv spec=charts/x.vl.json}`
 * → a {@link Figure} holding a Vega-Lite spec with the data inlined, drawn to SVG later
 * (`charts/render.ts`, asynchronously, with the template's looks). Then every figure of the brief
 * is numbered in document order, charts and images alike.
 *
 * The data (CSV with a header row, or a JSON array of objects) and the spec (JSON) are read with
 * the images' containment (`localFile`, `readRegularFile`) and recorded as inputs of the brief
 * (`imageInputs`: a changed CSV rebuilds it). A missing attribute, a file outside the project or
 * not found, unreadable JSON or CSV, and a spec field naming a column the data lacks are errors at
 * the directive, naming the attribute or the field.
 */
import { dirname, resolve } from 'node:path';
import type { Nodes, Root } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { blockDirection, type Dir } from '../../model/direction.js';
import { SahifaError } from '../../model/errors.js';
import { DEFAULT_LIMITS } from '../../model/limits.js';
import type { Figure } from '../../model/mdast.js';
import { localFile, readRegularFile } from '../../io/paths.js';

type Row = Record<string, string | number | null>;

/**
 * Rows of CSV text (RFC 4180: quoted fields, doubled quotes, CRLF), keyed by the header row;
 * a field that reads as a finite number becomes one, an empty field `null`.
 *
 * @returns the rows, or a reason when a line has more fields than the header
 */
export function parseCsv(text: string): { rows: Row[]; columns: string[] } | string {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) records.push([...record, field]);
  const [header, ...body] = records;
  if (!header) return 'has no header row';
  const columns = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const rows: Row[] = [];
  for (const [n, r] of body.entries()) {
    if (r.length > columns.length) return `line ${n + 2} has ${r.length} fields; the header has ${columns.length}`;
    const row: Row = {};
    columns.forEach((col, k) => {
      const v = (r[k] ?? '').trim();
      row[col] = v === '' ? null : /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(v) ? Number(v) : v;
    });
    rows.push(row);
  }
  return { rows, columns };
}

/** Every `field` named in a Vega-Lite spec's encodings (layers included), with its channel. */
function fieldsOf(spec: unknown, at = 'spec'): { field: string; where: string }[] {
  if (!spec || typeof spec !== 'object') return [];
  const out: { field: string; where: string }[] = [];
  const s = spec as Record<string, unknown>;
  const enc = s['encoding'];
  if (enc && typeof enc === 'object') {
    for (const [channel, def] of Object.entries(enc as Record<string, unknown>)) {
      const field = (def as { field?: unknown } | null)?.field;
      if (typeof field === 'string') out.push({ field, where: `${at}.encoding.${channel}.field` });
    }
  }
  const layers = s['layer'];
  if (Array.isArray(layers)) layers.forEach((l, i) => out.push(...fieldsOf(l, `${at}.layer[${i}]`)));
  return out;
}

/** The plugin; see the module comment. */
export function remarkSahifaCharts() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const baseDir = file.path ? dirname(resolve(file.cwd, file.path)) : file.cwd;
    const root = resolve(file.data.root ?? file.cwd);
    const limits = file.data.limits ?? DEFAULT_LIMITS;
    const inputs = (file.data.imageInputs ??= []);
    const docDir: Dir = file.data.meta?.dir ?? 'rtl';

    const chartOf = (leaf: LeafDirective): Figure => {
      const place = { file: name, line: leaf.position?.start.line, column: leaf.position?.start.column };
      const fail = (reason: string): never => {
        throw new SahifaError(place, reason, 'chart');
      };
      const attrs = leaf.attributes ?? {};
      const read = (key: 'src' | 'spec'): { text: string; path: string } => {
        const url = attrs[key];
        if (!url) return fail(`\`::chart\` needs a \`${key}\` attribute: ::chart[caption]{src=data/x.csv spec=charts/x.vl.json}`);
        const contained = localFile(url, baseDir, root, 'image');
        if (!contained) return fail(`\`::chart\` \`${key}\` "${url}" is not a file`);
        if (!contained.ok) return fail(`\`::chart\` \`${key}\` "${url}": ${contained.reason}`);
        const got = contained.exists ? readRegularFile(contained.path, limits.maxImageBytes) : undefined;
        inputs.push({ path: contained.path, bytes: got?.ok ? got.bytes : null });
        if (!got || !got.ok) return fail(`\`::chart\` \`${key}\` "${url}" ${got && !got.ok ? got.reason : `not found (looked for ${contained.path})`}`);
        return { text: new TextDecoder().decode(got.bytes).replace(/^\uFEFF/, ''), path: contained.path };
      };
      const specFile = read('spec');
      let spec: Record<string, unknown>;
      try {
        spec = JSON.parse(specFile.text) as Record<string, unknown>;
      } catch (err) {
        return fail(`\`::chart\` \`spec\` "${attrs['spec']}" is not valid JSON: ${(err as Error).message}`);
      }
      if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return fail(`\`::chart\` \`spec\` "${attrs['spec']}" is not a Vega-Lite spec (a JSON object)`);
      if ('data' in spec) return fail(`\`::chart\` \`spec\` "${attrs['spec']}" has its own \`data\`: the data comes from \`src\` only (nothing is fetched)`);
      const dataFile = read('src');
      let rows: Row[];
      let columns: string[];
      if (/\.json$/i.test(dataFile.path)) {
        let json: unknown;
        try {
          json = JSON.parse(dataFile.text);
        } catch (err) {
          return fail(`\`::chart\` \`src\` "${attrs['src']}" is not valid JSON: ${(err as Error).message}`);
        }
        if (!Array.isArray(json) || !json.every((r) => r && typeof r === 'object' && !Array.isArray(r))) return fail(`\`::chart\` \`src\` "${attrs['src']}" is not a JSON array of objects`);
        rows = json as Row[];
        columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      } else {
        const csv = parseCsv(dataFile.text);
        if (typeof csv === 'string') return fail(`\`::chart\` \`src\` "${attrs['src']}" ${csv}`);
        ({ rows, columns } = csv);
      }
      for (const { field, where } of fieldsOf(spec)) {
        if (!columns.includes(field)) fail(`\`::chart\` ${where} "${field}" is not a column of \`src\` "${attrs['src']}" (columns: ${columns.join(', ')})`);
      }
      const caption = toString(leaf) || attrs['caption'] || '';
      const figure: Figure = { type: 'figure', url: attrs['spec']!, src: specFile.path, bytes: new Uint8Array(0), format: 'svg', width: 0, height: 0, alt: attrs['alt'] ?? caption, caption, number: 0, chart: { spec: { ...spec, data: { values: rows } } } };
      if (leaf.position) figure.position = leaf.position;
      figure.data = { dir: blockDirection(caption, docDir) };
      return figure;
    };

    let figures = 0;
    const walk = (node: Nodes): void => {
      if (!('children' in node)) return;
      const kids = node.children as Nodes[];
      for (let i = 0; i < kids.length; i++) {
        const kid = kids[i]!;
        if (kid.type === 'leafDirective' && kid.name.toLowerCase() === 'chart') kids[i] = chartOf(kid) as unknown as Nodes;
        if (kids[i]!.type === 'figure') (kids[i] as unknown as Figure).number = ++figures;
        else walk(kids[i]!);
      }
    };
    walk(tree);
  };
}

/** Whether a tree has a chart figure still to draw (`charts/render.ts`). */
export function hasCharts(node: Nodes | Root): boolean {
  if (node.type === 'figure') return (node as unknown as Figure).chart !== undefined && (node as unknown as Figure).bytes.length === 0;
  return 'children' in node && (node.children as Nodes[]).some(hasCharts);
}
