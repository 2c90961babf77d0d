import fc from 'fast-check';
import { addDays, addYearsClamped, chineseDate, endOfDayShanghai, fromEpochDay, isIsoDate, shanghaiDate, toEpochDay, weekday } from './dates';

describe('dates', () => {
  it(`runs under TZ=${process.env['TZ'] ?? '(unset)'} with the same answers`, () => {
    expect(weekday('2027-02-28')).toBe(0); // a Sunday wherever the process runs
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01'); // already New Year in Xiamen
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(endOfDayShanghai('2026-10-14')).toBe('2026-10-14T16:00:00.000Z');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01', 'x', '2026-04-31'])('rejects %s', (s) => expect(isIsoDate(s)).toBe(false));
  it.each(['2028-02-29', '2026-12-31', '2021-01-01'])('accepts %s', (s) => expect(isIsoDate(s)).toBe(true));

  it('clamps a corresponding day that does not exist to the month end (民法典第二百零二条)', () => {
    expect(addYearsClamped('2028-02-29', 3)).toBe('2031-02-28');
    expect(addYearsClamped('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('property: epoch days round-trip and addDays is additive', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 80_000 }), fc.integer({ min: -400, max: 400 }), (n, k) => {
      const d = fromEpochDay(n);
      expect(isIsoDate(d)).toBe(true);
      expect(toEpochDay(d)).toBe(n);
      expect(toEpochDay(addDays(d, k))).toBe(n + k);
    }));
  });
});

describe('chineseDate', () => {
  it('writes a date as Chinese notices do, without leading zeros', () => {
    expect(chineseDate('2026-12-05')).toBe('2026年12月5日');
    expect(chineseDate('2027-02-28')).toBe('2027年2月28日');
  });
});
