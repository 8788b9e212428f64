/**
 * pdfmake 0.3 ships its internal modules as CommonJS without types (see src/types/pdfmake-internals.d.ts
 * for the ones the writer loads); test/pdf-toc.test.ts also opens the Renderer, which only tests import.
 */
declare module 'pdfmake/js/Renderer.js' {
  const module: unknown;
  export default module;
}
