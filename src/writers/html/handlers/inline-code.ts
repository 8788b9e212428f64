/**
 * Inline code handler: `<code dir="ltr">`. Code is always left to right, and the `dir` attribute
 * also isolates it (HTML's `[dir] { unicode-bidi: isolate }`), so it cannot reorder its neighbours.
 */
import type { InlineCode } from 'mdast';
import { defaultHandlers, type Handler } from 'mdast-util-to-hast';

/** `inlineCode` → `<code dir="ltr">`. */
export const inlineCode: Handler = (state, node: InlineCode) => {
  const result = defaultHandlers.inlineCode(state, node);
  result.properties = { ...result.properties, dir: 'ltr' };
  return result;
};
