import fc from 'fast-check';
import { compareDecimal, decimalToHundredths, fractionAtLeastPercent, hundredthsToDecimal, percentShown, plainDecimal } from './decimal';

describe(plainDecimal.name, () => {
  it.each([
    [8.2, '8.2'],
    [0.29, '0.29'],
    [25, '25'],
    ['8.20', '8.2'],
    ['08.2', '8.2'],
    ['0', '0'],
    [0, '0'],
    ['19.990', '19.99'],
  ])('reads %p as the decimal %p', (value, expected) => {
    expect(plainDecimal(value)).toBe(expected);
  });

  it.each([[1e-7], [1e21], ['1e2'], [Number.NaN], [Number.POSITIVE_INFINITY], [-1], ['-1'], [''], [' 8.2'], ['8.'], ['.5'], ['8,2'], [null], [true], [{}], [[8]]])(
    'refuses %p',
    (value) => {
      expect(plainDecimal(value)).toBeNull();
    },
  );
});

describe(decimalToHundredths.name, () => {
  it.each([
    [8.2, 820],
    [0.29, 29],
    [1.13, 113],
    [4.35, 435],
    [19.99, 1999],
    ['19.99', 1999],
    [25, 2500],
    ['25.00', 2500],
    [0.07, 7], // 0.07 * 100 is 7.000000000000001 in binary floats
  ])('counts %p as %p hundredths', (value, expected) => {
    expect(decimalToHundredths(value)).toBe(expected);
  });

  it.each([[8.205], ['8.205'], [0.001], ['1e2'], [Number.NaN], [-0.5], ['12345678901234']])('refuses %p (more than two places, not plain, or too large)', (value) => {
    expect(decimalToHundredths(value)).toBeNull();
  });

  it('property: every whole number of hundredths round-trips through its number and its string', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (h) => {
      const s = hundredthsToDecimal(h);
      expect(decimalToHundredths(s)).toBe(h);
      expect(decimalToHundredths(Number(s))).toBe(h);
    }));
  });

  it('property: a third decimal place other than 0 is always refused', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 9 }), (h, third) => {
      expect(decimalToHundredths(`${hundredthsToDecimal(h)}${third}`)).toBeNull();
    }));
  });
});

describe(fractionAtLeastPercent.name, () => {
  it.each([
    [0.8, 80, true],
    [0.79995, 80, false], // rounding to basis points would have passed it
    [0.8000001, 80, true],
    [0.29, 29, true], // 0.29 * 100 is 28.999999999999996 in binary floats
    [0.2, 20, true],
    [0.1999, 20, false],
    [1e-7, 0, true],
    [1e-7, 1, false],
    [1, 100, true],
    [Number.NaN, 0, false],
    [-0.1, 0, false],
  ])('%p is at least %p %%: %p', (fraction, percent, expected) => {
    expect(fractionAtLeastPercent(fraction, percent)).toBe(expected);
  });

  it('property: agrees with an exact integer comparison on fractions of ten thousandths', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 100 }), (bp, percent) => {
      expect(fractionAtLeastPercent(bp / 10_000, percent)).toBe(bp >= percent * 100);
    }));
  });
});

describe(percentShown.name, () => {
  it('shows a share as a percentage cut, never rounded up, to two places', () => {
    expect(percentShown(0.9)).toBe('90');
    expect(percentShown(0.925)).toBe('92.5');
    expect(percentShown(0.79996)).toBe('79.99');
    expect(percentShown(1e-7)).toBe('0');
  });
});

describe(compareDecimal.name, () => {
  it('compares exactly, whatever the number of places', () => {
    expect(compareDecimal('1499999.99', '1500000')).toBe(-1);
    expect(compareDecimal('1500000.00', '1500000')).toBe(0);
    expect(compareDecimal('10', '9.999')).toBe(1);
  });
});
