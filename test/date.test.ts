import { describe, expect, it } from 'vitest';
import { formatDate, formatDay, readIsoDate } from '../src/model/date.js';
import { parse } from '../src/parse/index.js';

/**
 * Gregorian → Hijri pairs from the published Umm al-Qura calendar (King Abdulaziz City for Science
 * and Technology, the official calendar of Saudi Arabia), at month starts and feasts that Saudi
 * Arabia announced on the same days: data, not computed by the code under test.
 */
const UMM_AL_QURA: ReadonlyArray<{ gregorian: string; day: number; month: string; year: number }> = [
  { gregorian: '2018-09-11', day: 1, month: 'محرم', year: 1440 },
  { gregorian: '2023-03-23', day: 1, month: 'رمضان', year: 1444 },
  { gregorian: '2023-04-21', day: 1, month: 'شوال', year: 1444 },
  { gregorian: '2023-06-28', day: 10, month: 'ذو الحجة', year: 1444 },
  { gregorian: '2023-07-19', day: 1, month: 'محرم', year: 1445 },
  { gregorian: '2024-03-11', day: 1, month: 'رمضان', year: 1445 },
  { gregorian: '2024-04-10', day: 1, month: 'شوال', year: 1445 },
  { gregorian: '2024-06-16', day: 10, month: 'ذو الحجة', year: 1445 },
  { gregorian: '2024-07-07', day: 1, month: 'محرم', year: 1446 },
  { gregorian: '2025-03-01', day: 1, month: 'رمضان', year: 1446 },
  { gregorian: '2025-06-15', day: 19, month: 'ذو الحجة', year: 1446 },
  { gregorian: '2025-06-26', day: 1, month: 'محرم', year: 1447 },
];

const GREGORIAN_MONTHS_AR = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];

describe('dates', () => {
  it.each(UMM_AL_QURA)('$gregorian is $day $month $year AH (Umm al-Qura)', ({ gregorian, day, month, year }) => {
    const [y, m, d] = gregorian.split('-').map(Number) as [number, number, number];
    const expected = `${day} ${month} ${year} هـ الموافق ${d} ${GREGORIAN_MONTHS_AR[m - 1]} ${y}م`;
    expect(formatDate(gregorian, 'ar', 'latn', 'both')).toBe(expected);
    expect(formatDate(gregorian, 'ar-SA', 'latn', 'hijri')).toBe(`${day} ${month} ${year} هـ`);
  });

  it('prints the example of the issue, in Arabic digits too, and English', () => {
    expect(formatDate('2025-06-15', 'ar', 'latn', 'both')).toBe('19 ذو الحجة 1446 هـ الموافق 15 يونيو 2025م');
    expect(formatDate('2025-06-15', 'ar', 'arab', 'hijri')).toBe('١٩ ذو الحجة ١٤٤٦ هـ');
    expect(formatDate('2025-06-15', 'en-GB', 'latn', 'both')).toBe('19 Dhuʻl-Hijjah 1446 AH (15 June 2025)');
    expect(formatDate('2025-06-15', 'ar', 'latn', 'gregorian')).toBe('15 يونيو 2025');
  });

  it('reads a timestamp as its date and prints free text as written', () => {
    expect(readIsoDate('2025-06-15T10:00:00')).toEqual({ year: 2025, month: 6, day: 15 });
    expect(readIsoDate('2025-06-15T23:30:00+03:00')).toEqual({ year: 2025, month: 6, day: 15 });
    expect(formatDate('2025-06-15T10:00:00', 'ar', 'latn', 'hijri')).toBe('19 ذو الحجة 1446 هـ');
    expect(formatDate('12 نوفمبر 2025', 'ar', 'latn', 'both')).toBe('12 نوفمبر 2025');
    expect(formatDay({ year: 2024, month: 2, day: 29 }, 'en', 'latn', 'gregorian')).toBe('February 29, 2024');
  });

  it.each([
    ['2025-02-30', 'month 2 of 2025 has 28 days'],
    ['2025-13-45', 'there is no month 13'],
    ['2023-02-29T08:00:00', 'month 2 of 2023 has 28 days'],
  ])('an impossible date %s is an error at its line', (date, why) => {
    const md = `---\ntitle: T\nlang: ar\ndate: "${date}"\n---\n\nنص.\n`;
    expect(() => parse(md, 'brief.md')).toThrow(new RegExp(`brief\\.md:4:1.*${why}`));
  });

  it('reads calendar from the front matter and refuses another value at its line', () => {
    expect(parse('---\ntitle: T\nlang: ar\ncalendar: both\n---\n\nنص.\n', 'b.md').meta.calendar).toBe('both');
    expect(() => parse('---\ntitle: T\nlang: ar\ncalendar: julian\n---\n\nنص.\n', 'b.md')).toThrow(/b\.md:4:1.*gregorian, hijri or both/);
  });
});
