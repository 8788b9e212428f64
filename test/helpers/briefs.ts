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
