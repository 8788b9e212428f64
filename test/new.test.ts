/**
 * `sahifa new <slug>` and the library API the CLI is wired to.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sahifaApi from '../src/index.js';
import { newBrief, parseBriefDate, watch } from '../src/index.js';
import { brief, project, sahifa } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

describe('sahifa new', () => {
  it('writes content/<slug>.md from the template starter; it checks clean and builds', () => {
    const dir = project({});
    const r = sahifa(['new', 'water-2026'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('created content/water-2026.md');
    const text = readFileSync(join(dir, 'content', 'water-2026.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: /);
    for (const key of ['lang: ar', 'organisation:', 'series:', 'number:', 'template: policy-brief']) expect(text).toContain(key);
    expect(text).not.toContain('{{');
    const date = /^date: "(.+)"$/m.exec(text)?.[1];
    expect(parseBriefDate(date)?.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    expect(text.match(/^## /gm)?.length).toBeGreaterThanOrEqual(3);

    const checked = sahifa(['check', '--strict'], dir);
    expect(checked.code, checked.out).toBe(0);
    expect(checked.out).toContain('1 file checked: no problems');
    const built = sahifa(['build', '--format', 'html'], dir);
    expect(built.code, built.err).toBe(0);
  });

  it('has a starter for every packaged template, which checks clean with its own template', () => {
    const templates = readdirSync(join(ROOT, 'templates'));
    expect(templates).toEqual(expect.arrayContaining(['memo', 'policy-brief']));
    for (const name of templates) {
      const dir = project({});
      const r = sahifa(['new', `brief-${name}`, '--template', name], dir);
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      expect(readFileSync(join(dir, 'content', `brief-${name}.md`), 'utf8')).toContain(`template: ${name}`);
      const checked = sahifa(['check', '--strict'], dir);
      expect(checked.code, `${name}: ${checked.out}`).toBe(0);
    }
  });

  it('never overwrites a brief, and refuses bad names and unknown templates', () => {
    const dir = project({ 'content/mine.md': brief('لي', 'نصي.') });
    const again = sahifa(['new', 'mine'], dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('content/mine.md: already exists');
    expect(readFileSync(join(dir, 'content', 'mine.md'), 'utf8')).toBe(brief('لي', 'نصي.'));
    expect(sahifa(['new', 'two words'], dir).code).toBe(2);
    expect(sahifa(['new', '../escape'], dir).code).toBe(2);
    expect(sahifa(['new'], dir).code).toBe(2);
    const unknown = sahifa(['new', 'x', '--template', 'nope'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown template "nope"');
  });

  it('takes the date and folder from options; a project starter wins over the packaged one', async () => {
    const dir = project({ 'templates/policy-brief/starter.md': '---\ntitle: "{{slug}}"\ndate: "{{date}}"\n---\n' });
    const made = await newBrief({ slug: 'مذكرة', root: dir, dir: 'drafts', date: new Date('2025-11-12T10:00:00Z') });
    expect(made.shown).toBe(join('drafts', 'مذكرة.md'));
    expect(readFileSync(made.path, 'utf8')).toBe('---\ntitle: "مذكرة"\ndate: "12 نوفمبر 2025"\n---\n');
    await expect(newBrief({ slug: 'مذكرة', root: dir, dir: 'drafts' })).rejects.toThrow('already exists');
  });
});

describe('library API', () => {
  it('exports build, check, watch and newBrief (the CLI uses the same functions)', () => {
    for (const name of ['build', 'buildOne', 'check', 'watch', 'newBrief', 'findBriefs', 'writeAtomic'] as const) expect(typeof sahifaApi[name], name).toBe('function');
    expect(sahifaApi.KNOWN_DIRECTIVES.has('keypoints')).toBe(true);
  });

  it('watch() serves and rebuilds in this process, and close() stops it', async () => {
    const dir = project({ 'content/a.md': brief('أ', 'قبل.') });
    const events: string[] = [];
    const w = await watch({ root: dir, port: 0, formats: ['html'], debounceMs: 20, onEvent: (e) => events.push(e.type === 'build' ? e.result.briefs.map((b) => `${b.status} ${b.source}`).join() : `error ${e.error.message}`) });
    try {
      expect(w.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(events).toEqual(['built content/a.md']);
      writeFileSync(join(dir, 'content', 'a.md'), brief('أ', 'بعد.'));
      const end = Date.now() + 20_000;
      while (!(await (await fetch(`${w.url}a.html`)).text()).includes('بعد.') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await w.idle();
      expect(await (await fetch(`${w.url}a.html`)).text()).toContain('بعد.');
      expect(events.at(-1)).toBe('built content/a.md');
    } finally {
      await w.close();
      await w.close();
    }
    await expect(fetch(w.url)).rejects.toThrow();
  });
});
