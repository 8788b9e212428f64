/**
 * Nodes a writer has no handler for. A writer prints nothing for them, as before, but says so: a
 * vfile warning at the node's place (rule `unknown-node`), so a node type added to the tree
 * without a handler in every writer (CONTRIBUTING.md, "Add a node type") does not vanish unseen.
 */
import type { Nodes } from 'mdast';
import { VFileMessage } from 'vfile-message';
import type { Format } from '../types.js';

/** Collects one warning per unknown node of one writer's run (a node met twice, as in the PDF's two layouts, counts once). */
export class UnknownNodes {
  private readonly seen = new Set<Nodes>();
  /** The warnings, in the order the nodes were met. */
  readonly messages: VFileMessage[] = [];

  constructor(private readonly format: Format) {}

  /** Records that `node` has no handler in this writer (it is left out of the output). */
  add(node: Nodes): void {
    if (this.seen.has(node)) return;
    this.seen.add(node);
    const m = new VFileMessage(`${this.format.toUpperCase()} has no handler for a \`${node.type}\` node: it is left out`, { place: node.position, ruleId: 'unknown-node', source: 'sahifa' });
    m.fatal = false;
    this.messages.push(m);
  }
}
