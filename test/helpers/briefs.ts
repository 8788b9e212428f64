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
