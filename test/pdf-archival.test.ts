/**
 * PDF/A-2b (issue 16), as far as the tools here can check it: no veraPDF can be installed, so the
 * machine-checkable parts are read back with qpdf (`--check`, its JSON) and poppler (`pdffonts`,
 * `pdfinfo -meta`): the sRGB output intent with its ICC profile, the PDF/A and PDF/UA identifiers
 * in the XMP, XMP dates equal to the Info dictionary's, every font embedded, no encryption, a
 * file identifier, printable annotations. A brief asks for it with `pdf: {standard: PDF/A-2b}`
 * (or a template with `pdf.standard`); without it nothing of this is written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT, SEED_MD } from './helpers/seed.js';

const skip = needClient('poppler-utils (pdffonts)', hasCommand('pdffonts', ['-v'])) ?? needClient('qpdf', hasCommand('qpdf', ['--version']));

type Dict = Record<string, unknown>;

/** A PDF's objects as qpdf's JSON (v2) gives them, streams decoded. */
function objects(pdf: string): Record<string, { value?: unknown; stream?: { dict: Dict; data?: string } }> {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', pdf], { encoding: 'utf8', maxBuffer: 256 << 20 })) as {
    qpdf: [unknown, Record<string, { value?: unknown; stream?: { dict: Dict; data?: string } }>];
  };
  return json.qpdf[1];
}

/** What a PDF/A-2b reader checks first, read from qpdf's JSON and poppler. */
function archival(pdf: string): Dict {
  const objs = objects(pdf);
  const value = (v: unknown): unknown => (typeof v === 'string' && / R$/.test(v) ? objs[`obj:${v}`]?.value : v);
  const get = (v: unknown): Dict => {
    if (typeof v === 'string' && / R$/.test(v)) {
      const o = objs[`obj:${v}`];
      return ((o?.value ?? o?.stream?.dict) as Dict | undefined) ?? {};
    }
    return (v as Dict) ?? {};
  };
  const data = (ref: unknown): Buffer => Buffer.from(objs[`obj:${String(ref)}`]?.stream?.data ?? '', 'base64');
  const trailer = objs['trailer']!.value as Dict;
  const catalog = get(trailer['/Root']);
  const info = get(trailer['/Info']);
  const intents = ((catalog['/OutputIntents'] as unknown[] | undefined) ?? []).map(get);
  const xmp = catalog['/Metadata'] ? data(catalog['/Metadata']).toString('utf8') : '';
  const xmpDate = (name: string): string | undefined => new RegExp(`<xmp:${name}>([^<]+)</xmp:${name}>`).exec(xmp)?.[1];
  /** `D:20250615000000Z` → `2025-06-15T00:00:00Z`. */
  const infoDate = (v: unknown): string | undefined => {
    const m = /^(?:u:)?D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z/.exec(String(value(v) ?? ''));
    return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
  };
  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  const annotations = Object.values(objs)
    .map((o) => o.value as Dict | undefined)
    .filter((d) => d && typeof d === 'object' && d['/Type'] === '/Annot') as Dict[];
  const check = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
  return {
    qpdfCheck: check.status === 0 && /No syntax or stream encoding errors/.test(check.stdout),
    version: /^%PDF-(\d\.\d)/.exec(execFileSync('head', ['-c', '8', pdf], { encoding: 'latin1' }))?.[1],
    encrypted: '/Encrypt' in trailer,
    fileId: Array.isArray(trailer['/ID']) && (trailer['/ID'] as unknown[]).length === 2,
    intents: intents.map((i) => ({ s: i['/S'], profileComponents: get(i['/DestOutputProfile'])['/N'], profileBytes: data(i['/DestOutputProfile']).length })),
    pdfaid: /<pdfaid:part>2<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/.test(xmp),
    pdfuaid: /<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp),
    createDate: xmpDate('CreateDate') === infoDate(info['/CreationDate']),
    modifyDate: xmpDate('ModifyDate') === infoDate(info['/ModDate']),
    fontsNotEmbedded: fonts.filter((line) => !/\s+yes\s+(?:yes|no)\s+(?:yes|no)\s+\d+\s+\d+$/.test(line)),
    unprintableAnnotations: annotations.filter((a) => ((a['/F'] as number | undefined) ?? 0) !== 4).length,
    javascript: Object.values(objs).some((o) => o.value && typeof o.value === 'object' && '/JS' in (o.value as Dict)),
  };
}

describe.skipIf(skip)('PDF/A-2b', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('writes the output intent, the XMP identifiers and matching dates, with every font embedded', async () => {
    // the seed, with the option in its front matter: Arabic, Latin, links, lists
    const md = readFileSync(SEED_MD, 'utf8').replace(/^---\n/, '---\npdf:\n  standard: PDF/A-2b\n');
    writeFileSync(join(dir, 'seed-a.md'), md);
    const result = await build({ root: ROOT, paths: [join(dir, 'seed-a.md')], outDir: dir, formats: ['pdf'] });
    expect(result.ok).toBe(true);
    const report = archival(join(dir, 'seed-a.pdf'));
    expect(report).toEqual({
      qpdfCheck: true,
      version: '1.7',
      encrypted: false,
      fileId: true,
      intents: [{ s: '/GTS_PDFA1', profileComponents: 3, profileBytes: 3024 }],
      pdfaid: true,
      pdfuaid: true,
      createDate: true,
      modifyDate: true,
      fontsNotEmbedded: [],
      unprintableAnnotations: 0,
      javascript: false,
    });
  }, 120_000);

  it('is off by default, and a template can turn it on', async () => {
    const plain = await build({ root: ROOT, paths: [SEED_MD], outDir: dir, formats: ['pdf'] });
    expect(plain.ok).toBe(true);
    expect(archival(join(dir, 'kazakhstan-abraham-accords.pdf'))).toMatchObject({ intents: [], pdfaid: false, pdfuaid: true });
    // a project template: policy-brief with `pdf.standard: PDF/A-2b`
    const project = tempDir();
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(project, 'templates', 'archive'), { recursive: true });
    const yaml = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8').replace(/^pdf:\n {2}standard: none$/m, 'pdf:\n  standard: PDF/A-2b');
    expect(yaml).toMatch(/standard: PDF\/A-2b/);
    writeFileSync(join(project, 'templates', 'archive', 'template.yaml'), yaml.replace(/^name: .*$/m, 'name: archive'));
    copyFileSync(SEED_MD, join(project, 'brief.md'));
    const result = await build({ root: project, paths: [join(project, 'brief.md')], outDir: project, formats: ['pdf'], template: 'archive' });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(archival(join(project, 'brief.pdf'))).toMatchObject({ intents: [{ s: '/GTS_PDFA1' }], pdfaid: true });
  }, 120_000);

  it('stops at a wrong standard with its place', async () => {
    writeFileSync(join(dir, 'bad.md'), '---\ntitle: x\nlang: ar\npdf:\n  standard: PDF/A-1\n---\n\nنص.\n');
    const result = await build({ root: ROOT, paths: [join(dir, 'bad.md')], outDir: dir, formats: ['pdf'] });
    expect(result.ok).toBe(false);
    const error = (result.briefs[0] as { error?: { place?: { file: string; line: number }; reason?: string } }).error;
    expect(error?.place).toMatchObject({ line: 5 });
    expect(error?.place?.file).toMatch(/bad\.md$/);
    expect(error?.reason).toMatch(/pdf\.standard.*expected none or PDF\/A-2b/);
  }, 60_000);
});
