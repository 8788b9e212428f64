/** docx writer (being written). */
import type { Writer } from '../types.js';

export const docxWriter: Writer = {
  format: 'docx',
  extension: 'docx',
  async write() {
    throw new Error('docx writer not written yet');
  },
};
