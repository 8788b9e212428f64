/** The part of sax 1.6 (strict parser, no namespaces) that `model/svg.ts` uses; sax ships no types. */
declare module 'sax' {
  interface SaxParser {
    onerror: (err: Error) => void;
    onopentag: (tag: { name: string; attributes: Record<string, string> }) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    write(text: string): SaxParser;
    close(): SaxParser;
  }
  const sax: { parser(strict: boolean, options?: { xmlns?: boolean; position?: boolean }): SaxParser };
  export default sax;
}
