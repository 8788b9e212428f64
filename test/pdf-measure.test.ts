/**
 * `measureInlines` (the PDF writer's `TextInlines.measure`) gives exactly what pdfmake 0.3.11's own
 * `measure` gives: the same style, font and widths on every inline, for words cut by pdfmake's own
 * `TextBreaker` from text objects with named styles, style overrides, `sup`/`sub`, preserved
 * spaces, leading indents and a style stack with pushed styles. pdfmake's `measure` is called on
 * the prototype as pdfmake ships it: this file never installs the RTL layer.
 */
import StyleContextStackModule from 'pdfmake/js/StyleContextStack.js';
import TextBreakerModule from 'pdfmake/js/TextBreaker.js';
import TextInlinesModule from 'pdfmake/js/TextInlines.js';
import { describe, expect, it } from 'vitest';
import { flattenTextArray } from '../src/writers/pdf/layout/inlines.js';
import { measureInlines, SOURCE, type MeasureInline, type StyleProperty } from '../src/writers/pdf/layout/measure.js';

const unwrap = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;
type Stack = { push(s: unknown): void };
const StyleContextStack = unwrap<(new (styles: object, defaultStyle: object) => Stack) & { getStyleProperty: StyleProperty }>(StyleContextStackModule);
const TextBreaker = unwrap<new () => { getBreaks(texts: unknown[], stack: unknown): MeasureInline[] }>(TextBreakerModule);
const TextInlines = unwrap<new (doc: unknown) => { measure(items: MeasureInline[], stack: unknown): MeasureInline[] }>(TextInlinesModule);

/** A font whose advances depend on the text, size and face, and that counts how often it was provided. */
function fakeDocument() {
  const fonts = new Map<string, { name: string; lineHeight(size: number): number; widthOfString(text: string, size: number, features?: unknown): number }>();
  const doc = {
    provided: 0,
    provideFont(family: unknown, bold: unknown, italics: unknown) {
      doc.provided++;
      const name = `${String(family)}/${bold ? 'b' : ''}${italics ? 'i' : ''}`;
      let font = fonts.get(name);
      if (!font) {
        const weight = 0.5 + (bold ? 0.07 : 0) + (italics ? 0.03 : 0) + name.length / 100;
        font = {
          name,
          lineHeight: (size) => size * (1.1 + name.length / 50),
          widthOfString: (text, size, features) => [...text].reduce((w, c) => w + (c === ' ' ? 0.25 : weight + (c.codePointAt(0)! % 7) / 20), 0) * size * (Array.isArray(features) ? 1.01 : 1),
        };
        fonts.set(name, font);
      }
      return font;
    },
  };
  return doc;
}

const STYLES = {
  body: { font: 'Amiri', fontSize: 11, lineHeight: 1.4, color: '#222222' },
  strong: { bold: true, extends: 'body' },
  link: { color: 'blue', decoration: 'underline', extends: ['body', 'strong'] },
  small: { fontSize: 8, preserveLeadingSpaces: true },
  loop: { extends: 'loop2', characterSpacing: 0.5 },
  loop2: { extends: 'loop', opacity: 0.5 },
};

/**
 * Words as pdfmake's TextBreaker cuts them from `texts` (flattened), measured by `measure` under a
 * stack with `pushed` on it; with `tag`, each text object tagged as the PDF writer tags them.
 */
function measured(texts: unknown[], pushed: unknown[], measure: (items: MeasureInline[], stack: unknown, doc: ReturnType<typeof fakeDocument>) => MeasureInline[], tag = false) {
  const doc = fakeDocument();
  const stack = new StyleContextStack(STYLES, { font: 'Roboto', fontSize: 12 });
  for (const s of pushed) stack.push(s);
  const flat = flattenTextArray(structuredClone(texts));
  if (tag) flat.forEach((item, i) => typeof item === 'object' && ((item as Record<string, unknown>)[SOURCE] = i + 1));
  const words = new TextBreaker().getBreaks(flat, stack);
  const out = measure(words, stack, doc);
  // fonts compared by name (each run makes its own font objects)
  return { provided: doc.provided, inlines: out.map(({ [SOURCE]: _, ...i }) => ({ ...i, font: (i.font as { name: string }).name })) };
}

const pdfmake = (items: MeasureInline[], stack: unknown, doc: ReturnType<typeof fakeDocument>) => new TextInlines(doc).measure(items, stack);
const ours = (items: MeasureInline[], stack: unknown, doc: ReturnType<typeof fakeDocument>) => {
  const inlines = new TextInlines(doc) as unknown as { widthOfText(text: string, inline: MeasureInline): number };
  return measureInlines(items, stack, {
    getStyleProperty: StyleContextStack.getStyleProperty,
    provideFont: (f, b, i) => doc.provideFont(f, b, i),
    widthOfText: (text, inline) => inlines.widthOfText(text, inline),
  });
};

const CASES: [string, unknown[], unknown[]][] = [
  ['plain words', ['السياسة العامة في المنطقة العربية  تتطلب إصلاحات '], []],
  ['named styles and overrides', [{ text: 'كلمة أولى ', style: 'strong' }, { text: 'ثم رابط هنا ', style: ['link'], link: 'https://example.org' }, { text: 'ونص ', bold: false }, { text: 'صغير  جدا ', style: 'small', sup: true }, ' عادي'], ['body']],
  ['features, spacing, sub, trailing spaces kept', [{ text: 'abc def  ', fontFeatures: ['sahifa:ltr:en'], preserveTrailingSpaces: true }, { text: 'ghi jkl', sub: true, characterSpacing: 1.5 }, { text: ' مرحبا بكم', fontFeatures: ['sahifa:rtl:ar'], italics: true }], [{ fontSize: 14 }, 'body']],
  ['leading indent and leading spaces', [{ text: '   بداية الفقرة مع مسافات', leadingIndent: 12 }, { text: '  ثم هذه', preserveLeadingSpaces: false }], ['small']],
  ['style that extends itself, noWrap, nested text arrays', [{ text: [{ text: 'داخل ', style: 'loop' }, { text: 'مصفوفة ', noWrap: true }] }, { text: 'خارج', style: 'loop', decoration: 'lineThrough', decorationColor: 'red' }], []],
  ['the same style object changing between words', [{ text: 'أ ب ', color: 'red' }, { text: 'ت ث ', color: 'green' }, { text: 'ج ح ', color: 'green', style: 'strong' }, { text: 'خ د', color: 'green', style: 'strong' }], ['body']],
];

describe('measureInlines (pdfmake TextInlines.measure, style resolved once per row of words)', () => {
  it.each(CASES)('gives pdfmake’s own result: %s', (_name, texts, pushed) => {
    const want = measured(texts, pushed, pdfmake);
    const got = measured(texts, pushed, ours);
    expect(got.inlines.length).toBeGreaterThan(2);
    expect(got.inlines).toEqual(want.inlines);
    expect(measured(texts, pushed, ours, true).inlines).toEqual(want.inlines);
  });

  it('resolves the style once for the words of one text object, not once per word', () => {
    const text = Array.from({ length: 200 }, (_, i) => `كلمة${i}`).join(' ');
    const want = measured([{ text, style: 'strong' }, { text, style: 'link' }], ['body'], pdfmake);
    const got = measured([{ text, style: 'strong' }, { text, style: 'link' }], ['body'], ours);
    expect(got.inlines).toEqual(want.inlines);
    expect(want.provided).toBe(400);
    expect(got.provided).toBe(2);
    const tagged = measured([{ text, style: 'strong' }, { text, style: 'link' }], ['body'], ours, true);
    expect(tagged.inlines).toEqual(want.inlines);
    expect(tagged.provided).toBe(2);
  });
});
