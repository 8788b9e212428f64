/** html writer (being written). */
import type { Writer } from '../types.js';

export const htmlWriter: Writer = {
  format: 'html',
  extension: 'html',
  async write() {
    throw new Error('html writer not written yet');
  },
};
