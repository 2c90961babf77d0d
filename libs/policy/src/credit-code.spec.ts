import fc from 'fast-check';
import {
  checkCreditCode,
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  makeCreditCode,
  organizationCodeCheckChar,
} from './credit-code';
import { PolicyInputError } from './enterprise-size';

const EXAMPLES = ['91350200MA8DEM018T', '91350200MA8DEM026M', '91350200MA2Y0AB171', '91350200MA8DEM00XT'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // written out again: GB 32100 without I, O, Z, S, V
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Replaces the character at 0-based `i`. */
const replaceAt = (s: string, i: number, ch: string) => s.slice(0, i) + ch + s.slice(i + 1);

/** Arbitrary valid inputs of makeCreditCode: authority, category, 6-digit region; 8 organisation body characters. */
const alphabetChar = fc.constantFrom(...ALPHABET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const prefix8 = fc.tuple(alphabetChar, alphabetChar, fc.array(digit, { minLength: 6, maxLength: 6 })).map(([a, b, r]) => a + b + r.join(''));
const orgBody8 = fc.array(alphabetChar, { minLength: 8, maxLength: 8 }).map((cs) => cs.join(''));
const validCode = fc.tuple(prefix8, orgBody8).map(([p, b]) => makeCreditCode(p, b));

describe(checkCreditCode.name, () => {
  it.each(EXAMPLES)('accepts %s, a Xiamen code', (code) => {
    const sut = checkCreditCode(code);
    expect(sut).toEqual({
      valid: true,
      code,
      reason: { zh: '统一社会信用代码校验通过', en: 'valid unified social credit code' },
      regionCode: '350200',
      local: true,
    });
  });

  it('trims and upper-cases the code', () => {
    const sut = checkCreditCode('  91350200ma8dem018t\n');
    expect(sut.valid).toBe(true);
    expect(sut.code).toBe('91350200MA8DEM018T');
  });

  it('is not local outside Xiamen (region 3502xx)', () => {
    const beijing = makeCreditCode('91110000', 'MA01AB23');
    expect(checkCreditCode(beijing)).toMatchObject({ valid: true, regionCode: '110000', local: false });
    const fuzhou = makeCreditCode('91350100', 'MA01AB23');
    expect(checkCreditCode(fuzhou)).toMatchObject({ valid: true, regionCode: '350100', local: false });
    const siming = makeCreditCode('92350203', 'MA01AB23');
    expect(checkCreditCode(siming)).toMatchObject({ valid: true, regionCode: '350203', local: true });
  });

  it.each([
    ['', 0],
    ['91350200MA8DEM018', 17],
    ['91350200MA8DEM018TT', 19],
    ['9135 0200MA8DEM018T', 19],
  ])('rejects %p for its length', (code, length) => {
    const sut = checkCreditCode(code);
    expect(sut.valid).toBe(false);
    expect(sut.regionCode).toBeNull();
    expect(sut.local).toBe(false);
    expect(sut.reason.zh).toContain(`应为 18 位，实际为 ${length} 位`);
    expect(sut.reason.en).toContain(`18 characters, got ${length}`);
  });

  it.each([
    ['91350200MI8DEM018T', 'I', 10],
    ['91350200MA8DEMO18T', 'O', 15],
    ['Z1350200MA8DEM018T', 'Z', 1],
    ['9S350200MA8DEM018T', 'S', 2],
    ['91350200MA8DEM018V', 'V', 18],
    ['91350200MA8-EM018T', '-', 12],
    ['91350200MA8DEM01 T', ' ', 17],
  ])('rejects %p: illegal %p at position %p', (code, ch, position) => {
    const sut = checkCreditCode(code);
    expect(sut.valid).toBe(false);
    expect(sut.reason.zh).toContain(`第 ${position} 位字符“${ch}”不合法`);
    expect(sut.reason.en).toContain(`illegal character '${ch}' at position ${position}`);
  });

  it('reports the first illegal character', () => {
    expect(checkCreditCode('9135O200MI8DEM018T').reason.en).toContain('position 5');
  });

  it('rejects a region code that is not six digits', () => {
    const sut = checkCreditCode('913502A0MA8DEM018T');
    expect(sut.valid).toBe(false);
    expect(sut.regionCode).toBeNull();
    expect(sut.local).toBe(false);
    expect(sut.reason.zh).toContain('行政区划码“3502A0”应为 6 位数字');
    expect(sut.reason.en).toContain("('3502A0') must be 6 digits");
  });

  it('rejects a failed organisation code check even when the credit check character matches', () => {
    const first17 = '91350200MA8DEM017'; // the organisation code check of MA8DEM01 is 8
    const code = first17 + creditCodeCheckChar(first17);
    const sut = checkCreditCode(code);
    expect(sut.valid).toBe(false);
    expect(sut.regionCode).toBe('350200');
    expect(sut.reason.zh).toContain('组织机构代码“MA8DEM017”校验失败');
    expect(sut.reason.zh).toContain('应为“8”');
    expect(sut.reason.en).toContain("position 17 should be '8', got '7'");
  });

  it('says what the credit check character should be, and an invalid code is never local', () => {
    const sut = checkCreditCode('91350200MA8DEM018U');
    expect(sut).toMatchObject({ valid: false, regionCode: '350200', local: false });
    expect(sut.reason.zh).toBe('第 18 位校验码错误：应为“T”，实际为“U”');
    expect(sut.reason.en).toBe("wrong check character at position 18: should be 'T', got 'U'");
  });

  it('does not throw on a non-string at run time', () => {
    expect(checkCreditCode(undefined as unknown as string)).toMatchObject({ valid: false, code: '' });
  });

  describe('properties', () => {
    it('accepts every code makeCreditCode builds', () => {
      fc.assert(
        fc.property(prefix8, orgBody8, (p, b) => {
          const code = makeCreditCode(p, b);
          const sut = checkCreditCode(code);
          expect(sut.valid).toBe(true);
          expect(sut.code).toBe(code);
          expect(sut.regionCode).toBe(p.slice(2));
          expect(sut.local).toBe(p.slice(2).startsWith('3502'));
        }),
      );
    });

    it('rejects a code with any single character changed to another alphabet character', () => {
      fc.assert(
        fc.property(validCode, fc.nat({ max: 17 }), alphabetChar, (code, i, ch) => {
          fc.pre(code[i] !== ch);
          expect(checkCreditCode(replaceAt(code, i, ch)).valid).toBe(false);
        }),
      );
    });

    it('rejects a code with two adjacent characters swapped', () => {
      fc.assert(
        fc.property(validCode, fc.nat({ max: 16 }), (code, i) => {
          fc.pre(code[i] !== code[i + 1]);
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(checkCreditCode(swapped).valid).toBe(false);
        }),
      );
    });

    it('accepts lower-case and padded versions of valid codes', () => {
      fc.assert(
        fc.property(validCode, (code) => {
          expect(checkCreditCode(` ${code.toLowerCase()}\t`).valid).toBe(true);
        }),
      );
    });
  });
});

describe(creditCodeCheckChar.name, () => {
  it.each(EXAMPLES)('gives the last character of %s', (code) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('makes the weighted sum of all 18 characters a multiple of 31', () => {
    fc.assert(
      fc.property(fc.array(alphabetChar, { minLength: 17, maxLength: 17 }), (cs) => {
        const first17 = cs.join('');
        const sut = creditCodeCheckChar(first17);
        const sum = cs.reduce((s, c, i) => s + ALPHABET.indexOf(c) * CREDIT_WEIGHTS[i]!, 0) + ALPHABET.indexOf(sut);
        expect(sum % 31).toBe(0);
      }),
    );
  });

  it('uses the GB 32100 alphabet', () => {
    expect(CREDIT_CODE_ALPHABET).toBe(ALPHABET);
  });

  it.each(['', '91350200MA8DEM01', '91350200MA8DEM018T', '91350200MI8DEM018'])('rejects %p', (first17) => {
    expect(() => creditCodeCheckChar(first17)).toThrow(PolicyInputError);
  });
});

describe(organizationCodeCheckChar.name, () => {
  it.each([
    ['MA8DEM01', '8'],
    ['MA8DEM02', '6'],
    ['MA2Y0AB1', '7'],
    ['MA8DEM00', 'X'], // c = 10
    ['00000000', '0'], // c = 11
    ['MA000009', '0'],
    ['ma8dem00', 'X'],
  ])('%s checks with %s', (body, check) => {
    expect(organizationCodeCheckChar(body)).toBe(check);
  });

  it('makes the weighted sum plus the check value a multiple of 11', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{8}$/), (body) => {
        const value = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 'A'.charCodeAt(0) + 10);
        const sut = organizationCodeCheckChar(body);
        const sum = body.split('').reduce((s, c, i) => s + value(c) * ORG_WEIGHTS[i]!, 0) + (sut === 'X' ? 10 : Number(sut));
        expect(sum % 11).toBe(0);
      }),
    );
  });

  it.each(['', 'MA8DEM0', 'MA8DEM001', 'MA8-EM01'])('rejects %p', (body) => {
    expect(() => organizationCodeCheckChar(body)).toThrow(PolicyInputError);
  });
});

describe(makeCreditCode.name, () => {
  it.each(EXAMPLES)('rebuilds %s from its prefix and organisation body', (code) => {
    expect(makeCreditCode(code.slice(0, 8), code.slice(8, 16))).toBe(code);
  });

  it('upper-cases its input', () => {
    expect(makeCreditCode('91350200', 'ma8dem01')).toBe('91350200MA8DEM018T');
  });

  it.each([
    ['9135020', 'MA8DEM01', 'prefix8'],
    ['913502000', 'MA8DEM01', 'prefix8'],
    ['913502A0', 'MA8DEM01', 'prefix8'],
    ['I1350200', 'MA8DEM01', 'prefix8'],
    ['9O350200', 'MA8DEM01', 'prefix8'],
    ['91350200', 'MA8DEM0', 'orgBody8'],
    ['91350200', 'MA8DEMO1', 'orgBody8'], // O is a valid organisation code character but not in GB 32100
    ['91350200', 'MI8DEM01', 'orgBody8'],
  ])('rejects prefix %p with body %p', (prefix, body, field) => {
    let error: unknown;
    try {
      makeCreditCode(prefix, body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyInputError);
    expect((error as PolicyInputError).field).toBe(field);
  });
});
