/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015) with the organisation code (组织机构代码,
 * GB 11714-1997) embedded in characters 9-17. Pure rule: no I/O.
 *
 * Layout (1-based): 1 registration authority, 2 institution category, 3-8 administrative region code,
 * 9-16 organisation code body, 17 organisation code check, 18 credit code check.
 */
import { PolicyInputError } from './enterprise-size';

/** The 31 characters of GB 32100: digits and upper-case letters without I, O, Z, S, V. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Xiamen's administrative region codes start with 3502. */
const LOCAL_REGION_PREFIX = '3502';

export interface CreditCodeCheck {
  valid: boolean;
  /** The input, trimmed and upper-cased. */
  code: string;
  reason: { zh: string; en: string };
  /** Characters 3-8 when the code has 18 characters and those six are digits, else null. */
  regionCode: string | null;
  /** A valid code whose region code starts with 3502 (Xiamen): an institution counted as local (第六条第（二）项). */
  local: boolean;
}

/** Checks a unified social credit code: length, alphabet, region digits, organisation code check, credit code check. */
export function checkCreditCode(code: string): CreditCodeCheck {
  const normalised = typeof code === 'string' ? code.trim().toUpperCase() : '';
  const regionCode = normalised.length === 18 && /^\d{6}$/.test(normalised.slice(2, 8)) ? normalised.slice(2, 8) : null;
  const local = regionCode !== null && regionCode.startsWith(LOCAL_REGION_PREFIX);
  const result = (valid: boolean, zh: string, en: string): CreditCodeCheck => ({
    valid,
    code: normalised,
    reason: { zh, en },
    regionCode,
    local: valid && local,
  });

  if (normalised.length !== 18) {
    return result(
      false,
      `统一社会信用代码应为 18 位，实际为 ${normalised.length} 位`,
      `a unified social credit code has 18 characters, got ${normalised.length}`,
    );
  }
  for (let i = 0; i < 18; i++) {
    const ch = normalised[i]!;
    if (!CREDIT_CODE_ALPHABET.includes(ch)) {
      return result(
        false,
        `第 ${i + 1} 位字符“${ch}”不合法（只允许数字和除 I、O、Z、S、V 以外的大写字母）`,
        `illegal character '${ch}' at position ${i + 1} (only digits and upper-case letters other than I, O, Z, S, V are allowed)`,
      );
    }
  }
  if (regionCode === null) {
    const region = normalised.slice(2, 8);
    return result(
      false,
      `第 3–8 位行政区划码“${region}”应为 6 位数字`,
      `the administrative region code at positions 3-8 ('${region}') must be 6 digits`,
    );
  }
  const orgCode = normalised.slice(8, 17);
  const orgExpected = organizationCodeCheckChar(orgCode.slice(0, 8));
  if (orgCode[8] !== orgExpected) {
    return result(
      false,
      `第 9–17 位组织机构代码“${orgCode}”校验失败：第 17 位校验码应为“${orgExpected}”，实际为“${orgCode[8]}”`,
      `the organisation code at positions 9-17 ('${orgCode}') fails its check: position 17 should be '${orgExpected}', got '${orgCode[8]}'`,
    );
  }
  const expected = creditCodeCheckChar(normalised.slice(0, 17));
  if (normalised[17] !== expected) {
    return result(
      false,
      `第 18 位校验码错误：应为“${expected}”，实际为“${normalised[17]}”`,
      `wrong check character at position 18: should be '${expected}', got '${normalised[17]}'`,
    );
  }
  return result(true, '统一社会信用代码校验通过', 'valid unified social credit code');
}

/** The 18th character (GB 32100 check) for the first 17 characters. Throws PolicyInputError on bad input. */
export function creditCodeCheckChar(first17: string): string {
  const s = typeof first17 === 'string' ? first17.toUpperCase() : '';
  if (s.length !== 17) {
    throw new PolicyInputError('first17', {
      zh: `须为 17 位字符，实际为 ${s.length} 位`,
      en: `expected 17 characters, got ${s.length}`,
    });
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabetValue('first17', s, i) * CREDIT_WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The check character (GB 11714) of an 8-character organisation code body: a digit or 'X'. */
export function organizationCodeCheckChar(body8: string): string {
  const s = typeof body8 === 'string' ? body8.toUpperCase() : '';
  if (!/^[0-9A-Z]{8}$/.test(s)) {
    throw new PolicyInputError('orgBody8', {
      zh: `组织机构代码本体须为 8 位数字或大写字母，收到“${s}”`,
      en: `an organisation code body is 8 digits or upper-case letters, got '${s}'`,
    });
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = s.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55; // '0'..'9' → 0..9, 'A'..'Z' → 10..35
    sum += value * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Builds a valid credit code from its first 8 characters (authority, category, 6-digit region) and the
 * 8-character organisation code body, computing both check characters. For fixtures and property tests.
 */
export function makeCreditCode(prefix8: string, orgBody8: string): string {
  const prefix = typeof prefix8 === 'string' ? prefix8.toUpperCase() : '';
  const body = typeof orgBody8 === 'string' ? orgBody8.toUpperCase() : '';
  if (prefix.length !== 8 || !/^\d{6}$/.test(prefix.slice(2))) {
    throw new PolicyInputError('prefix8', {
      zh: `前 8 位须为登记管理部门码、机构类别码和 6 位数字行政区划码，收到“${prefix}”`,
      en: `the prefix is the authority and category characters plus a 6-digit region code, got '${prefix}'`,
    });
  }
  alphabetValue('prefix8', prefix, 0);
  alphabetValue('prefix8', prefix, 1);
  if (body.length !== 8) {
    throw new PolicyInputError('orgBody8', {
      zh: `组织机构代码本体须为 8 位，实际为 ${body.length} 位`,
      en: `an organisation code body has 8 characters, got ${body.length}`,
    });
  }
  for (let i = 0; i < 8; i++) alphabetValue('orgBody8', body, i);
  const first17 = prefix + body + organizationCodeCheckChar(body);
  return first17 + creditCodeCheckChar(first17);
}

function alphabetValue(field: string, s: string, i: number): number {
  const v = CREDIT_CODE_ALPHABET.indexOf(s[i]!);
  if (v < 0) {
    throw new PolicyInputError(field, {
      zh: `第 ${i + 1} 位字符“${s[i]}”不在统一社会信用代码字符集内`,
      en: `character '${s[i]}' at position ${i + 1} is not in the credit code alphabet`,
    });
  }
  return v;
}
