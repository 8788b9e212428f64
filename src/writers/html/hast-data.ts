/**
 * Typed `data` on hast elements made by the HTML writer's handlers: the block's resolved
 * direction and language, copied from mdast. {@link isolateDirections} turns them into `dir` and
 * `lang` attributes only where they differ from the surrounding element's.
 */
import type { Dir } from '../../model/direction.js';

declare module 'hast' {
  interface Data {
    /** Direction of the block this element renders (from mdast `data.dir`). */
    dir?: Dir | undefined;
    /** Language of the block when it differs from the document's (from mdast `data.lang`). */
    lang?: string | undefined;
  }
}

export {};
