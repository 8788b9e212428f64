/**
 * Directive names sahifa knows (remark-directive syntax: `:::name` containers, `::name` leaves,
 * `:name[…]` inline). `sahifa check` reports any other name as an unknown directive, since the
 * writers would drop it.
 */

/** Names of the container directives (`:::name … :::`) sahifa's components understand, lower case. */
export const KNOWN_CONTAINER_DIRECTIVES: ReadonlySet<string> = new Set([
  'keypoints',
  'summary',
  'recommendations',
  'note',
  'callout',
  'quote',
  'sidebar',
  'box',
  'abstract',
  'about',
  'disclaimer',
  'references',
]);

/** Names of the leaf directives (`::name[…]{…}`) sahifa understands, lower case. */
export const KNOWN_LEAF_DIRECTIVES: ReadonlySet<string> = new Set(['figure', 'chart']);

/** Every directive name sahifa knows, of either kind, lower case. */
export const KNOWN_DIRECTIVES: ReadonlySet<string> = new Set([...KNOWN_CONTAINER_DIRECTIVES, ...KNOWN_LEAF_DIRECTIVES]);
