/**
 * Mutation fuzz (issue 19): the project's own briefs (content/*.md) and test fixtures
 * (test/fixtures/bad, test/fixtures/hostile), damaged the ways files get damaged and authors slip —
 * random byte flips, truncation, inserted directive, HTML, table, footnote and front-matter
 * fragments, lines duplicated or dropped — go through the real path (UTF-8 decoding, parse, the
 * three writers). Each either builds to outputs that open (a PDF header, every DOCX XML part
 * well-formed, HTML) or stops with a SahifaError; never any other exception, never a hang.
 *
 * The normal test run mutates MUTATION_RUNS (default 200) briefs with a fixed seed; `npm run fuzz`
 * mutates 2,000 (MUTATION_SEED to change the seed). With SAHIFA_SHARED_TESTS=1 the briefs of
 * ../shared/corpus are seeds too, when that folder is there.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeBrief } from '../src/model/encoding.js';
import { SahifaError } from '../src/model/errors.js';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { getWriter } from '../src/writers/index.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const RUNS = Number(process.env['MUTATION_RUNS'] ?? 200);
const SEED = Number(process.env['MUTATION_SEED'] ?? 20261207);
/**
 * A brief that takes longer than this to parse and render counts as a hang. Far above the 30 s
 * any brief within the limits needs (`npm run bench:big`), so a machine busy with other work does
 * not fail the test: an endless loop still does.
 */
const HANG_MS = 120_000;

/** `.md` files directly in `dir` (absolute paths), sorted. */
function briefsIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => join(dir, f)) : [];
}

const seeds = [join(ROOT, 'content'), join(ROOT, 'test', 'fixtures', 'bad'), join(ROOT, 'test', 'fixtures', 'hostile')].flatMap(briefsIn);
if (process.env['SAHIFA_SHARED_TESTS'] === '1') {
  const corpus = join(ROOT, '..', 'shared', 'corpus');
  const found = briefsIn(corpus);
  if (found.length) seeds.push(...found);
  else console.warn(`mutation fuzz: ${corpus} has no briefs: the shared corpus is not used`);
}

/** Fragments an author (or a merge) might leave anywhere. */
const FRAGMENTS = [
  ':::keypoints\n', ':::\n', '::::note\n', ':::warning\n', '::figure[شكل]{src="images/none.png"}\n', ':name[x]{y=z}',
  '<span>', '</span>', '<div dir="ltr">', '</div>', '<table><tr><td>', '<b><i>', '<!--', '-->', '<br>', '<img alt="x">',
  '| a | b |\n|---|---|\n| x |\n', '| a |\n|---|\n| 1 | 2 | 3 | 4 |\n', '[^1]', '[^1]: حاشية\n', '[رابط](#sec-9)',
  '**', '*', '_', '~~', '`', '```\n', '> ', '- ', '1. ', '    ', '\n\n', '---\n', 'title: "', '"\n', 'toc: true\n',
  '\u200e', '\u200f', '\u202e', '\u2067', '\uFEFF', '\uFFFE', '\u0000', '\u000B', 'ـــ', 'لا', '😀', 'https://example.org/a_b*c',
];

/** A small PRNG (mulberry32): the same seed gives the same briefs on every machine. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** One to four random mutations of `bytes`. */
function mutate(bytes: Uint8Array, rand: (n: number) => number): Uint8Array {
  let out = Buffer.from(bytes);
  const steps = 1 + rand(4);
  for (let s = 0; s < steps; s++) {
    const at = rand(out.length + 1);
    switch (rand(6)) {
      case 0: // flip bits of a few bytes
        for (let k = 1 + rand(4); k > 0 && out.length; k--) out[rand(out.length)]! ^= 1 << rand(8);
        break;
      case 1: // cut the file short
        out = out.subarray(0, at);
        break;
      case 2:
      case 3: {
        const fragment = Buffer.from(FRAGMENTS[rand(FRAGMENTS.length)]!);
        out = Buffer.concat([out.subarray(0, at), fragment, out.subarray(at)]);
        break;
      }
      case 4: {
        // drop a stretch (a closing `:::`, a table's delimiter row, the end of the front matter…)
        const len = rand(200);
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + len)]);
        break;
      }
      default: {
        // repeat a stretch
        const len = rand(300);
        const piece = out.subarray(at, at + len);
        out = Buffer.concat([out.subarray(0, at), piece, piece, out.subarray(at)]);
      }
    }
  }
  return out;
}

describe('mutated briefs', () => {
  it(`build to readable outputs or stop with a SahifaError (${RUNS} briefs from ${seeds.length} seeds, seed ${SEED})`, async () => {
    expect(seeds.length).toBeGreaterThan(30);
    const sources = seeds.map((path) => ({ path: relative(ROOT, path), bytes: readFileSync(path) }));
    const writers = await Promise.all((['html', 'pdf', 'docx'] as const).map((f) => getWriter(f)));
    const outDir = tempDir('sahifa-mutate-');
    const rand = prng(SEED);
    const stats = { built: 0, refused: 0 };
    let slowest = 0;
    for (let run = 0; run < RUNS; run++) {
      const source = sources[rand(sources.length)]!;
      const bytes = mutate(source.bytes, rand);
      const started = performance.now();
      try {
        const text = decodeBrief(bytes, source.path);
        const doc = parse(text, source.path, { cwd: ROOT, root: ROOT });
        const template = loadTemplate(doc.meta.template ?? 'policy-brief', { root: ROOT });
        const input = { doc, template, created: new Date(0), outDir };
        const [html, pdf, docx] = await Promise.all(writers.map((w) => w.write(input)));
        expect(new TextDecoder().decode(html!.bytes)).toMatch(/^<!doctype html>/i);
        expect(Buffer.from(pdf!.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
        for (const [name, data] of Object.entries(unzipSync(docx!.bytes))) {
          if (/\.(xml|rels)$/.test(name)) expect(XMLValidator.validate(strFromU8(data)), `${source.path} run ${run}: ${name}`).toBe(true);
        }
        stats.built++;
      } catch (err) {
        if (err instanceof SahifaError) stats.refused++;
        else {
          // keep the brief that broke for reproduction
          const dump = join(process.env['FUZZ_DUMP'] ?? outDir, `mutation-${SEED}-${run}.md`);
          writeFileSync(dump, bytes);
          throw new Error(`run ${run} (from ${source.path}, kept in ${dump}): ${(err as Error).stack ?? String(err)}`);
        }
      }
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      expect(ms, `run ${run} (from ${source.path}) took ${Math.round(ms)} ms`).toBeLessThan(HANG_MS);
    }
    console.log(`mutation fuzz: ${RUNS} briefs, seed ${SEED}: ${stats.built} built, ${stats.refused} refused with a SahifaError; slowest ${Math.round(slowest)} ms`);
    expect(stats.built + stats.refused).toBe(RUNS);
    expect(stats.built).toBeGreaterThan(RUNS / 4);
  }, 3_600_000);
});
