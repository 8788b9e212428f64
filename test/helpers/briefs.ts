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
 * An Arabic brief whose blockquote (a one-cell table with a rule on its start side) runs over the
 * end of page 2, after a `##` heading followed by a list: `before` two-line paragraphs and a
 * one-line one, the heading and its list, 12 paragraphs, the quote, a closing paragraph.
 * In policy-brief, `before = 13` leaves the heading alone at the foot of page 1 (the layout cannot
 * foresee a list: pdfmake's `pageBreakBefore` pass moves it and lays the document out again);
 * `before = 14` fills page 1, so the heading starts page 2 in the one layout pass, and pages 2 and
 * 3 come out as the second pass of `before = 13` lays them out.
 *
 * @returns the Markdown, with front matter
 */
export function boxOverPageEndBrief(before: number): string {
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
    `> ${Array.from({ length: 5 }, () => sentence).join(' ')}`,
    '',
    sentence,
    '',
  ].join('\n');
}
