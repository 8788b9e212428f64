/**
 * Briefs made up for tests.
 */

/**
 * An Arabic brief of 24 `##` headings (every fifth followed by a `###`), each followed by one to
 * four paragraphs of one to three sentences: about seven pages in policy-brief, with headings
 * falling at page ends (pdfmake alone moves two of them to the next page).
 *
 * @returns the Markdown, with front matter
 */
export function manyHeadingsBrief(): string {
  const sentence = 'تقسم مناطق القياس المعزولة الشبكة إلى أحياء صغيرة لكل منها مدخل مزود بعداد، وتكشف مقارنة التدفق الليلي الأدنى بالاستهلاك المتوقع مواقع التسرب بدقة.';
  const parts = ['---', 'title: "اختبار العناوين"', 'lang: ar', '---', ''];
  for (let k = 1; k <= 24; k++) {
    parts.push(`## العنوان رقم ${k}`, '');
    if (k % 5 === 0) parts.push(`### فرعي رقم ${k}`, '');
    for (let p = 0; p < (k % 4) + 1; p++) parts.push(Array.from({ length: (k % 3) + 1 }, () => sentence).join(' '), '');
  }
  return parts.join('\n');
}

/**
 * An Arabic brief whose blockquote (a one-cell table with a rule on its start side) runs over a
 * page end, after a `##` heading followed by a list: `before` two-line paragraphs and a one-line
 * one, the heading and its list, 12 paragraphs, `lines` one-line paragraphs, the quote, a closing
 * paragraph. With `before = 12, lines = 1` in policy-brief the heading stands on page 1 and the
 * quote ends a line above the foot of page 2; moved to page 2, the heading takes the quote over
 * the end of page 2 (test/pdf-table-passes.test.ts).
 *
 * @returns the Markdown, with front matter
 */
export function boxOverPageEndBrief(before: number, lines = 0): string {
  const sentence = 'تقسم مناطق القياس المعزولة الشبكة إلى أحياء صغيرة لكل منها مدخل مزود بعداد، وتكشف مقارنة التدفق الليلي الأدنى بالاستهلاك المتوقع مواقع التسرب بدقة.';
  const paragraphs = (n: number): string[] => Array.from({ length: n }, () => [sentence, '']).flat();
  return [
    '---',
    'title: "اختبار الإطار"',
    'lang: ar',
    '---',
    '',
    ...paragraphs(before),
    'فقرة قصيرة من سطر واحد.',
    '',
    '## عنوان ينتقل إلى الصفحة التالية',
    '',
    '- بند أول في القائمة.',
    '- بند ثان في القائمة.',
    '',
    ...paragraphs(12),
    ...Array.from({ length: lines }, () => ['سطر واحد.', '']).flat(),
    `> ${Array.from({ length: 5 }, () => sentence).join(' ')}`,
    '',
    sentence,
    '',
  ].join('\n');
}

/**
 * An Arabic brief with many footnotes: 30 paragraphs, each with a mark; every note holds its own
 * Latin tokens (`n7a n7b` for note 7) so a reader can tell its words apart, and note 5 is longer
 * than a page (400 tokens `L001`…`L400` among Arabic words, about 80 lines), so it must continue on the pages after
 * its mark's.
 *
 * @returns the Markdown, with front matter
 */
export function manyFootnotesBrief(): string {
  const sentence = 'تقسم مناطق القياس المعزولة الشبكة إلى أحياء صغيرة لكل منها مدخل مزود بعداد، وتكشف مقارنة التدفق الليلي الأدنى بالاستهلاك المتوقع مواقع التسرب بدقة.';
  const parts = ['---', 'title: "اختبار الهوامش"', 'lang: ar', '---', ''];
  const notes: string[] = [];
  for (let n = 1; n <= 30; n++) {
    parts.push(`${sentence} ${n % 3 ? sentence : ''}[^${n}]`, '');
    const text = n === 5 ? Array.from({ length: 400 }, (_, i) => `كلمة L${String(i + 1).padStart(3, '0')} في هامش طويل`).join(' ') : `هامش رقم ${n} n${n}a عن الشبكة n${n}b.`;
    notes.push(`[^${n}]: ${text}`, '');
  }
  return [...parts, ...notes].join('\n');
}
