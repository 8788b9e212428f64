// ESLint flat config (ESLint 9). `npm run lint` runs it over src/ and test/; .ci/run runs that.
// The rule that matters most is import-x/no-cycle: the parser, the model, each writer and the build
// form one tree of modules, so no module imports back, even through others, from one that imports it.
// The rest is the recommended sets of ESLint and typescript-eslint, less the few rules noted below
// that flag code written that way on purpose.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const PDFMAKE_INTERNALS = { group: ['pdfmake/js/*'], message: 'only src/writers/pdf/install.ts touches pdfmake internals: wire a hook there, its logic in a module of its own' };
const PDF_INSTALLER = {
  group: ['**/pdf/install.js', './install.js', '../install.js'],
  message: "only the PDF writer's entry (src/writers/pdf/index.ts) imports the installer; share through src/writers/pdf/protocol.ts",
};

const HTML_PARSERS = {
  group: ['hast-util-raw', 'hast-util-from-html', 'hast-util-from-parse5', 'parse5', 'parse5/*', 'rehype-raw', 'rehype-parse'],
  message: 'writers never parse HTML: src/parse/plugins/raw-html.ts resolves raw HTML into the tree (data.hast for the page)',
};

/** Imports of another writer's folder from inside `src/writers/<name>/` (relative, any depth). */
function otherWriters(name) {
  const others = ['html', 'pdf', 'docx'].filter((w) => w !== name);
  return {
    group: others.flatMap((w) => [`../${w}/**`, `../../${w}/**`, `../../../${w}/**`, `**/writers/${w}/**`]),
    message: 'a writer never imports another writer: move what both use to src/writers/shared/ or src/text/',
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'output/', 'node_modules/', '.vitest-tmp/', 'fonts/', 'templates/', 'content/'] },
  {
    files: ['src/**/*.ts', 'src/**/*.cts', 'test/**/*.ts'],
    // `eslint-disable` comments for rules turned off below are not reported as unused
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    extends: [js.configs.recommended, ...tseslint.configs.recommended, importX.flatConfigs.typescript],
    settings: {
      // resolves the sources' `.js` specifiers to their `.ts` files, as tsc does
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // `import type` is left out of the cycle check (it is erased), so a value import must be a real one
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // off: control characters are matched on purpose (C0 controls in briefs, XML-illegal
      // characters, ANSI escapes in tests); the few older `eslint-disable` comments for it stay
      'no-control-regex': 'off',
      // off: the character classes of Arabic text (harakat, joiners, variation selectors) list
      // combining code points one by one on purpose
      'no-misleading-character-class': 'off',
      // `{}` as a generic bound means "not null or undefined" (as lru-cache's own K and V bounds)
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
      // off: `x?.y! >= 1` is used as a comparison that is false when x is absent
      '@typescript-eslint/no-non-null-asserted-optional-chain': 'off',
      // off: two updates are written as one statement: `starts.push(at), (at += r.text.length)`
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // the PDF writer's one installer is the only module that touches pdfmake's internals, and
    // only the writer's entry installs it (CONTRIBUTING.md, "Add a node type")
    files: ['src/**/*.ts'],
    ignores: ['src/writers/pdf/install.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PDFMAKE_INTERNALS, PDF_INSTALLER] }] },
  },
  { files: ['src/writers/pdf/index.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [PDFMAKE_INTERNALS] }] } },
  // raw HTML is parsed once, by the parser, and no writer imports another (what two share is in
  // src/writers/shared/ or src/text/; the registry, src/writers/index.ts, joins them): one block
  // per writer, as a later block's patterns replace an earlier one's
  ...['html', 'pdf', 'docx'].map((name) => ({
    files: [`src/writers/${name}/**/*.ts`],
    ignores: ['src/writers/pdf/install.ts', 'src/writers/pdf/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PDFMAKE_INTERNALS, PDF_INSTALLER, HTML_PARSERS, otherWriters(name)] }] },
  })),
  { files: ['src/writers/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [PDFMAKE_INTERNALS, PDF_INSTALLER, HTML_PARSERS, otherWriters('shared')] }] } },
  { files: ['src/writers/pdf/index.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [PDFMAKE_INTERNALS, HTML_PARSERS, otherWriters('pdf')] }] } },
  { files: ['src/writers/pdf/install.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [HTML_PARSERS, otherWriters('pdf')] }] } },
  {
    files: ['test/**/*.ts'],
    rules: {
      // the tests match indented output lines literally: /^  content: …/
      'no-regex-spaces': 'off',
    },
  },
);
