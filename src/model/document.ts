/**
 * The parsed brief handed to every writer: one mdast tree plus validated front matter.
 */
import type { Root } from 'mdast';
import type { VFileMessage } from 'vfile-message';
import type { FrontMatter } from './front-matter.js';
import './mdast.js';

/** A brief after parsing. Writers read it and never change it. */
export interface SahifaDocument {
  /** Path of the source file, as given (used in messages). */
  readonly path: string;
  /** Output base name: the file name without `.md`. */
  readonly slug: string;
  /** mdast tree; the front-matter node is removed; block nodes carry `data.dir`. */
  readonly tree: Root;
  /** Validated front matter. */
  readonly meta: FrontMatter;
  /** Warnings found while parsing (unknown front-matter keys, no title…), with places. */
  readonly messages: readonly VFileMessage[];
}
