/**
 * A node type no writer knows is left out of every output, with a warning at its place in the
 * brief (rule `unknown-node`), in HTML, PDF and DOCX alike.
 */
import type { Paragraph, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { FORMATS, getWriter } from '../src/writers/index.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

/** A brief with an unknown block node (line 8) and an unknown inline node (line 6, column 5). */
function briefWithStrangers() {
  const doc = parse('---\ntitle: ت\nlang: ar\n---\n\nنص أول\n\nنص ثان\n', 'x.md', { cwd: ROOT });
  const first = doc.tree.children[0] as Paragraph;
  first.children.push({ type: 'mystery-inline', value: 'خفي', position: { start: { line: 6, column: 5, offset: 0 }, end: { line: 6, column: 7, offset: 0 } } } as unknown as Paragraph['children'][number]);
  doc.tree.children.push({ type: 'mystery-block', children: [], position: { start: { line: 8, column: 1, offset: 0 }, end: { line: 8, column: 7, offset: 0 } } } as unknown as RootContent);
  return doc;
}

describe('unknown node types', () => {
  for (const format of FORMATS) {
    it(`${format}: each gives a warning at its place and is left out`, async () => {
      const doc = briefWithStrangers();
      const writer = await getWriter(format);
      const result = await writer.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() });
      const found = (result.messages ?? []).map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.reason}`);
      expect(found).toEqual([
        `unknown-node 6:5 ${format.toUpperCase()} has no handler for a \`mystery-inline\` node: it is left out`,
        `unknown-node 8:1 ${format.toUpperCase()} has no handler for a \`mystery-block\` node: it is left out`,
      ]);
      expect(result.messages!.every((m) => m.fatal === false)).toBe(true);
      if (format === 'html') expect(new TextDecoder().decode(result.bytes)).not.toContain('خفي');
    });
  }
});
