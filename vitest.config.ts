import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit tests: they import the sources only (no build needed) and spawn nothing: no reader
 * (poppler, LibreOffice, Chromium, pandoc, qpdf), no `sahifa` process, no worker. Together
 * well under 30 s: `npm run test:unit`. A new test file joins this list only if it stays so.
 */
const UNIT = [
  'test/date.test.ts',
  'test/docx-cache.test.ts',
  'test/front-matter.test.ts',
  'test/golden.test.ts',
  'test/kashida.test.ts',
  'test/pdf-bidi.test.ts',
  'test/pdf-measure.test.ts',
  'test/progress.test.ts',
  'test/security.test.ts',
  'test/settings.test.ts',
  'test/shaping.test.ts',
  'test/svg-sanitise.test.ts',
  'test/unknown-nodes.test.ts',
];

export default defineConfig({
  test: {
    // no `include` here: a project that extends this config would add its list to it
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      // everything else: outputs opened with real readers, the built command, workers, ../shared
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT] } },
    ],
  },
});
