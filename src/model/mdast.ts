/**
 * The shared tree is mdast with typed `data` fields for direction and language.
 * These fields are set once, by the parser's direction plugin, and read by every writer.
 */
import type { Dir } from './direction.js';

declare module 'mdast' {
  interface Data {
    /** Resolved base direction of the block (set on block nodes by `parse/plugins/direction`). */
    dir?: Dir | undefined;
    /** BCP 47 language of the block when it differs from the document's, e.g. `en` inside an Arabic brief. */
    lang?: string | undefined;
  }
}

export {};
