/** pdfmake 0.3 ships CommonJS modules without types; only the one module `bidi/install.ts` imports them. */
declare module 'pdfmake/js/ElementWriter.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/PDFDocument.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/columnCalculator.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/LayoutBuilder.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/Line.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/StyleContextStack.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextBreaker.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextInlines.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/Renderer.js' {
  const module: unknown;
  export default module;
}
