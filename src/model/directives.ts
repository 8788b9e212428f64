/**
 * Directive names sahifa knows (remark-directive syntax: `:::name` containers, `::name` leaves,
 * `:name[…]` inline). `sahifa check` reports any other name as an unknown directive, since the
 * writers would drop it.
 */

/** Names of the directives sahifa's components understand, lower case. */
export const KNOWN_DIRECTIVES: ReadonlySet<string> = new Set([
  'keypoints',
  'summary',
  'recommendations',
  'note',
  'callout',
  'quote',
  'sidebar',
  'box',
  'abstract',
  'figure',
  'about',
  'disclaimer',
  'references',
]);
