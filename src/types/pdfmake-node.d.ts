/** What pdfmake 0.3's Node build exports beyond @types/pdfmake (augments its types). */
import 'pdfmake';

declare module 'pdfmake' {
  /** The virtual file system pdfmake reads fonts from (`writeFileSync` puts a font file in it). */
  export const virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
}
