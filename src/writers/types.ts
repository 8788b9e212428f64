/**
 * What every writer receives and returns. Writers are pure: document + template in, bytes out.
 */
import type { VFileMessage } from 'vfile-message';
import type { SahifaDocument } from '../model/document.js';
import type { LoadedTemplate } from '../templates/schema.js';

/** The output formats sahifa writes. */
export type Format = 'html' | 'pdf' | 'docx';

/** Input of a writer. */
export interface WriteInput {
  readonly doc: SahifaDocument;
  readonly template: LoadedTemplate;
  /** Fixed creation time for reproducible output (from SOURCE_DATE_EPOCH or the brief's ISO date). */
  readonly created: Date;
  /** Folder the output is written to (the HTML writer copies fonts next to the page). */
  readonly outDir: string;
  /**
   * HTML only: one self-contained file, fonts inlined as `data:` URLs subset to the characters the
   * page uses, images inlined, no assets next to it.
   */
  readonly selfContained?: boolean | undefined;
  /**
   * Keep raw HTML of the brief unsanitised in the HTML output and leave out its
   * Content-Security-Policy (`--allow-html`): only for trusted briefs. Default false.
   */
  readonly allowHtml?: boolean | undefined;
  /**
   * The PDF's layout of this brief, for the DOCX's table of contents' page numbers: the PDF's own
   * result when it was written before in the same build, else {@link Writer.layout} of the PDF
   * writer (the registry's DOCX writer asks for it itself: `writers/index.ts`).
   */
  readonly layout?: PageLayout | undefined;
}

/** What one writer's page layout tells another about the same brief. */
export interface PageLayout {
  /** The page (from 1) each heading with an id starts on, by heading id (`data.id`). */
  readonly headingPages: ReadonlyMap<string, number>;
}

/** One file a writer produces besides its main output, relative to the output folder. */
export interface Asset {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A writer's result: the main file's bytes plus any files that travel with it (fonts for HTML). */
export interface WriteResult {
  readonly bytes: Uint8Array;
  readonly assets: readonly Asset[];
  /** Warnings of the writer, with places in the brief (a node it has no handler for: `unknown-node`). */
  readonly messages?: readonly VFileMessage[] | undefined;
  /** The page layout, for the formats written after it ({@link WriteInput.layout}): the PDF's, when the brief has a table of contents. */
  readonly layout?: PageLayout | undefined;
}

/** A writer: one output format. */
export interface Writer {
  readonly format: Format;
  /** File extension without the dot. */
  readonly extension: string;
  write(input: WriteInput): Promise<WriteResult>;
  /** The page layout alone, without writing (the PDF writer's, for another format's table of contents). */
  layout?(input: WriteInput): Promise<PageLayout>;
}
