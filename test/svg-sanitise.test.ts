/**
 * The SVG sanitiser (`src/model/svg.ts`), one hostile construct at a time, each with the outcome
 * its module comment documents: refused (the figure prints its alt text) or neutralised (removed,
 * with a sentence naming what). Nothing it is given is fetched or read: it has no I/O at all.
 */
import { describe, expect, it } from 'vitest';
import { SVG_LIMITS, sanitiseSvg, svgSize } from '../src/model/svg.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const svg = (body: string, attrs = 'width="100" height="50"'): Uint8Array => bytes(`<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${body}</svg>`);
const refused = (input: Uint8Array): string => {
  const r = sanitiseSvg(input);
  if (r.ok) throw new Error('not refused');
  return r.reason;
};
const kept = (input: Uint8Array): { svg: string; removed: readonly string[] } => {
  const r = sanitiseSvg(input);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r;
};

describe('sanitiseSvg refuses', () => {
  it('entity expansion and external entities (a DOCTYPE or an ENTITY declaration)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><text>&b;</text></svg>`;
    expect(refused(bytes(lol))).toMatch(/declares a DOCTYPE/);
    expect(refused(bytes('<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg width="1" height="1"/>'))).toMatch(/DOCTYPE/);
    expect(refused(bytes('<svg width="1" height="1"><!ENTITY x SYSTEM "file:///etc/passwd"></svg>'))).toMatch(/declares an entity/);
  });

  it('huge or missing sizes and viewBoxes', () => {
    expect(refused(svg('', 'width="1000000" height="10"'))).toMatch(/at most 100000 px/);
    expect(refused(svg('', 'viewBox="0 0 1e12 1e12"'))).toMatch(/viewBox beyond/);
    expect(refused(svg('', 'viewBox="0 0 0 10"'))).toMatch(/empty viewBox/);
    expect(refused(svg('', 'viewBox="0 0 NaN 10"'))).toMatch(/unreadable viewBox/);
    expect(refused(svg('', ''))).toMatch(/has no size/);
    expect(refused(svg('', 'width="-5" height="5"'))).toMatch(/no usable size/);
  });

  it('deep nesting, too many elements, too many bytes', () => {
    const depth = SVG_LIMITS.maxDepth + 1;
    expect(refused(svg('<g>'.repeat(depth) + '</g>'.repeat(depth)))).toMatch(/nests elements more than 64 deep/);
    expect(refused(svg('<rect/>'.repeat(SVG_LIMITS.maxElements)))).toMatch(/more than 50000 elements/);
    expect(refused(new Uint8Array(SVG_LIMITS.maxBytes + 1))).toMatch(/at most 5242880/);
  });

  it('what is not an SVG document: malformed XML, another root, not UTF-8', () => {
    expect(refused(bytes('<svg width="1" height="1"><g></svg>'))).toMatch(/not well-formed XML/);
    expect(refused(bytes('<html><svg width="1" height="1"/></html>'))).toMatch(/root element <html>/);
    expect(refused(new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0xff, 0xfe]))).toMatch(/not UTF-8/);
  });
});

describe('sanitiseSvg neutralises, saying what it removed', () => {
  it('scripts and event attributes', () => {
    const r = kept(svg('<script>alert(1)</script><rect width="1" height="1" onclick="alert(2)" onload="x()"/>'));
    expect(r.svg).not.toMatch(/script|alert|onclick|onload/);
    expect(r.removed).toEqual(['its <script> was removed', 'its event attributes (onclick, onload) were removed']);
  });

  it('foreignObject (HTML inside SVG), with its content', () => {
    const r = kept(svg('<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.invalid/"/></div></foreignObject><circle r="1"/>'));
    expect(r.svg).not.toMatch(/foreignObject|iframe|evil/);
    expect(r.svg).toContain('<circle r="1">');
    expect(r.removed).toEqual(['its <foreignObject> was removed']);
  });

  it('external references: href, xlink:href, <image>, url(…) in attributes and style sheets', () => {
    const r = kept(
      svg(
        '<defs><linearGradient id="g"/></defs><use href="https://evil.invalid/a.svg#x"/><use xlink:href="file:///etc/passwd"/><use href="#g"/>' +
          '<image href="http://evil.invalid/p.png" width="1" height="1"/><rect fill="url(http://evil.invalid/f)" stroke="url(#g)"/>' +
          '<style>@import url(http://evil.invalid/s.css);</style><style>rect{fill:url(https://evil.invalid/x)}</style>',
        'width="10" height="10" xmlns:xlink="http://www.w3.org/1999/xlink"',
      ),
    );
    expect(r.svg).not.toMatch(/evil\.invalid|etc\/passwd|@import/);
    expect(r.svg).toContain('<use href="#g">'); // a fragment of the same file is kept
    expect(r.svg).toContain('stroke="url(#g)"');
    expect(r.removed).toHaveLength(1);
    expect(r.removed[0]).toMatch(/^its external references \(.*\) were removed and not fetched$/);
  });

  it('elements outside the static subset (animation, <a> links), attributes of other namespaces', () => {
    const r = kept(svg('<a href="javascript:alert(1)"><rect width="1" height="1"><set attributeName="fill" to="red"/></rect></a><rect ev:event="click" width="2" height="2" xmlns:ev="http://www.w3.org/2001/xml-events"/>'));
    expect(r.svg).not.toMatch(/javascript|<set|<a |ev:event/);
    expect(r.svg).toContain('<g><rect width="1" height="1"></rect></g>'); // the link's content is drawn
    expect(r.removed).toEqual(['elements sahifa does not draw (<set>) were removed']);
  });

  it('keeps a clean chart as it is, with its size written on the root', () => {
    const r = kept(bytes('\uFEFF<svg viewBox="0 0 200 100"><text x="10" y="20" font-family="Amiri">عمّان &amp; ٪٤٢</text></svg>'));
    expect(r.removed).toEqual([]);
    expect(r.svg).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><text x="10" y="20" font-family="Amiri">عمّان &amp; ٪٤٢</text></svg>');
  });
});

describe('svgSize', () => {
  it('reads absolute units and the viewBox aspect ratio', () => {
    expect(svgSize('72pt', undefined, '0 0 2 1')).toEqual({ width: 96, height: 48, viewBox: '0 0 2 1' });
    expect(svgSize('100%', '100%', '0 0 30 20')).toEqual({ width: 30, height: 20, viewBox: '0 0 30 20' });
  });
});
