/**
 * Hook 14's logic (wired by `install.ts`) for a PDF/A document: its output intent (ISO 19005-2
 * §6.2.3), written from the sRGB profile sahifa ships (`icc/sRGB2014.icc`, with its licence)
 * instead of the copy pdfkit reads next to its own script, which a bundle does not have; and the
 * `xmp:ModifyDate` pdfkit leaves out of the XMP though the Info dictionary has `/ModDate` (§6.6.3:
 * the two must agree).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../templates/load.js';

/** The parts of pdfkit's document (0.19, mixin `PDFA`) the output intent is written with. */
export interface ArchivalDoc {
  ref(data: object): { write(bytes: Uint8Array): void; end(): void };
  _root: { data: Record<string, unknown> };
  info: { ModDate?: Date };
  appendXML(xml: string, newline?: boolean): void;
}

/** Adds `xmp:ModifyDate` (the Info dictionary's `/ModDate`, written as pdfkit writes `xmp:CreateDate`). */
export function addModifyDate(doc: ArchivalDoc): void {
  const date = doc.info.ModDate;
  if (!(date instanceof Date)) return;
  doc.appendXML(
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${date.toISOString().split('.')[0]}Z</xmp:ModifyDate></rdf:Description>`,
  );
}

let profile: Buffer | undefined;

/**
 * Writes the sRGB output intent (`/S /GTS_PDFA1`, the profile as `/DestOutputProfile`) into the
 * catalog, as pdfkit's `_addColorOutputIntent` does.
 *
 * @throws {Error} when the profile file is missing from the installation
 */
export function addOutputIntent(doc: ArchivalDoc): void {
  profile ??= readFileSync(join(PACKAGE_ROOT, 'icc', 'sRGB2014.icc'));
  const stream = doc.ref({ Length: profile.length, N: 3 });
  stream.write(profile);
  stream.end();
  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    Info: new String('sRGB IEC61966-2.1'),
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    DestOutputProfile: stream,
  });
  intent.end();
  doc._root.data['OutputIntents'] = [intent];
}
