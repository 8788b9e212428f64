/** pdf writer (being written). */
import type { Writer } from '../types.js';

export const pdfWriter: Writer = {
  format: 'pdf',
  extension: 'pdf',
  async write() {
    throw new Error('pdf writer not written yet');
  },
};
