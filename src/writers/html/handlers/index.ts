/**
 * The HTML writer's overrides of mdast-util-to-hast's default handlers. Blocks that the parser
 * gives a direction keep it (see `with-dir.ts`); everything else is the default.
 */
import { defaultHandlers, type Handlers } from 'mdast-util-to-hast';
import { heading } from './heading.js';
import { inlineCode } from './inline-code.js';
import { tableRow } from './table-row.js';
import { withAnchor, withDir } from './with-dir.js';
import { inlineImage } from './inline-image.js';
import { htmlBlock, htmlSpan, withRawTags } from './raw-html.js';

/** Handlers passed to `toHast`. */
export const handlers: Handlers = {
  paragraph: withAnchor(withDir(defaultHandlers.paragraph)),
  blockquote: withDir(defaultHandlers.blockquote),
  list: withDir(defaultHandlers.list),
  listItem: withAnchor(withDir(defaultHandlers.listItem)),
  table: withDir(defaultHandlers.table),
  code: withDir(defaultHandlers.code),
  heading,
  inlineCode,
  tableRow,
  image: inlineImage,
  imageReference: inlineImage,
  htmlSpan,
  htmlBlock,
  strong: withRawTags(defaultHandlers.strong),
  emphasis: withRawTags(defaultHandlers.emphasis),
  delete: withRawTags(defaultHandlers.delete),
  link: withRawTags(defaultHandlers.link),
};
