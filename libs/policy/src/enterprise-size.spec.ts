import fc from 'fast-check';
import {
  classifyEnterprise,
  ENTERPRISE_SIZE_STANDARDS,
  type EnterpriseSize,
  type EnterpriseSizeInput,
  INDUSTRY_GROUPS,
  type IndustryGroup,
  industryGroupForCode,
  PolicyInputError,
} from './enterprise-size';

const RANK: Record<EnterpriseSize, number> = { micro: 0, small: 1, medium: 2, large: 3 };

/** Runs `fn`, expecting a PolicyInputError, and returns it. */
function inputError(fn: () => unknown): PolicyInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyInputError);
    return e as PolicyInputError;
  }
  throw new Error('expected a PolicyInputError, nothing was thrown');
}

/**
 * Boundary rows, transcribed independently of ENTERPRISE_SIZE_STANDARDS from the table of 300号:
 * for every group, level (small and medium lower bounds, SME ceiling) and indicator, the indicator just
 * below, at and just above its threshold while the other indicators sit exactly at that level's threshold.
 * Unused indicators are left out; X is 0 where the group does not count employees.
 * [group, edge, X employees, Y revenue 万元, Z assets 万元, expected size]
 */
const BOUNDARY_ROWS: Array<[IndustryGroup, string, number, string | undefined, string | undefined, EnterpriseSize]> = [
  ['agriculture', 'small Y below', 0, '49.99', undefined, 'micro'],
  ['agriculture', 'small Y at', 0, '50', undefined, 'small'],
  ['agriculture', 'small Y above', 0, '50.01', undefined, 'small'],
  ['agriculture', 'medium Y below', 0, '499.99', undefined, 'small'],
  ['agriculture', 'medium Y at', 0, '500', undefined, 'medium'],
  ['agriculture', 'medium Y above', 0, '500.01', undefined, 'medium'],
  ['agriculture', 'ceiling Y below', 0, '19999.99', undefined, 'medium'],
  ['agriculture', 'ceiling Y at', 0, '20000', undefined, 'large'],
  ['agriculture', 'ceiling Y above', 0, '20000.01', undefined, 'large'],
  ['industry', 'small X below', 19, '300', undefined, 'micro'],
  ['industry', 'small X at', 20, '300', undefined, 'small'],
  ['industry', 'small X above', 21, '300', undefined, 'small'],
  ['industry', 'small Y below', 20, '299.99', undefined, 'micro'],
  ['industry', 'small Y at', 20, '300', undefined, 'small'],
  ['industry', 'small Y above', 20, '300.01', undefined, 'small'],
  ['industry', 'medium X below', 299, '2000', undefined, 'small'],
  ['industry', 'medium X at', 300, '2000', undefined, 'medium'],
  ['industry', 'medium X above', 301, '2000', undefined, 'medium'],
  ['industry', 'medium Y below', 300, '1999.99', undefined, 'small'],
  ['industry', 'medium Y at', 300, '2000', undefined, 'medium'],
  ['industry', 'medium Y above', 300, '2000.01', undefined, 'medium'],
  ['industry', 'ceiling X below', 999, '40000', undefined, 'medium'],
  ['industry', 'ceiling X at', 1000, '40000', undefined, 'large'],
  ['industry', 'ceiling X above', 1001, '40000', undefined, 'large'],
  ['industry', 'ceiling Y below', 1000, '39999.99', undefined, 'medium'],
  ['industry', 'ceiling Y at', 1000, '40000', undefined, 'large'],
  ['industry', 'ceiling Y above', 1000, '40000.01', undefined, 'large'],
  ['construction', 'small Y below', 0, '299.99', '300', 'micro'],
  ['construction', 'small Y at', 0, '300', '300', 'small'],
  ['construction', 'small Y above', 0, '300.01', '300', 'small'],
  ['construction', 'small Z below', 0, '300', '299.99', 'micro'],
  ['construction', 'small Z at', 0, '300', '300', 'small'],
  ['construction', 'small Z above', 0, '300', '300.01', 'small'],
  ['construction', 'medium Y below', 0, '5999.99', '5000', 'small'],
  ['construction', 'medium Y at', 0, '6000', '5000', 'medium'],
  ['construction', 'medium Y above', 0, '6000.01', '5000', 'medium'],
  ['construction', 'medium Z below', 0, '6000', '4999.99', 'small'],
  ['construction', 'medium Z at', 0, '6000', '5000', 'medium'],
  ['construction', 'medium Z above', 0, '6000', '5000.01', 'medium'],
  ['construction', 'ceiling Y below', 0, '79999.99', '80000', 'medium'],
  ['construction', 'ceiling Y at', 0, '80000', '80000', 'large'],
  ['construction', 'ceiling Y above', 0, '80000.01', '80000', 'large'],
  ['construction', 'ceiling Z below', 0, '80000', '79999.99', 'medium'],
  ['construction', 'ceiling Z at', 0, '80000', '80000', 'large'],
  ['construction', 'ceiling Z above', 0, '80000', '80000.01', 'large'],
  ['wholesale', 'small X below', 4, '1000', undefined, 'micro'],
  ['wholesale', 'small X at', 5, '1000', undefined, 'small'],
  ['wholesale', 'small X above', 6, '1000', undefined, 'small'],
  ['wholesale', 'small Y below', 5, '999.99', undefined, 'micro'],
  ['wholesale', 'small Y at', 5, '1000', undefined, 'small'],
  ['wholesale', 'small Y above', 5, '1000.01', undefined, 'small'],
  ['wholesale', 'medium X below', 19, '5000', undefined, 'small'],
  ['wholesale', 'medium X at', 20, '5000', undefined, 'medium'],
  ['wholesale', 'medium X above', 21, '5000', undefined, 'medium'],
  ['wholesale', 'medium Y below', 20, '4999.99', undefined, 'small'],
  ['wholesale', 'medium Y at', 20, '5000', undefined, 'medium'],
  ['wholesale', 'medium Y above', 20, '5000.01', undefined, 'medium'],
  ['wholesale', 'ceiling X below', 199, '40000', undefined, 'medium'],
  ['wholesale', 'ceiling X at', 200, '40000', undefined, 'large'],
  ['wholesale', 'ceiling X above', 201, '40000', undefined, 'large'],
  ['wholesale', 'ceiling Y below', 200, '39999.99', undefined, 'medium'],
  ['wholesale', 'ceiling Y at', 200, '40000', undefined, 'large'],
  ['wholesale', 'ceiling Y above', 200, '40000.01', undefined, 'large'],
  ['retail', 'small X below', 9, '100', undefined, 'micro'],
  ['retail', 'small X at', 10, '100', undefined, 'small'],
  ['retail', 'small X above', 11, '100', undefined, 'small'],
  ['retail', 'small Y below', 10, '99.99', undefined, 'micro'],
  ['retail', 'small Y at', 10, '100', undefined, 'small'],
  ['retail', 'small Y above', 10, '100.01', undefined, 'small'],
  ['retail', 'medium X below', 49, '500', undefined, 'small'],
  ['retail', 'medium X at', 50, '500', undefined, 'medium'],
  ['retail', 'medium X above', 51, '500', undefined, 'medium'],
  ['retail', 'medium Y below', 50, '499.99', undefined, 'small'],
  ['retail', 'medium Y at', 50, '500', undefined, 'medium'],
  ['retail', 'medium Y above', 50, '500.01', undefined, 'medium'],
  ['retail', 'ceiling X below', 299, '20000', undefined, 'medium'],
  ['retail', 'ceiling X at', 300, '20000', undefined, 'large'],
  ['retail', 'ceiling X above', 301, '20000', undefined, 'large'],
  ['retail', 'ceiling Y below', 300, '19999.99', undefined, 'medium'],
  ['retail', 'ceiling Y at', 300, '20000', undefined, 'large'],
  ['retail', 'ceiling Y above', 300, '20000.01', undefined, 'large'],
  ['transport', 'small X below', 19, '200', undefined, 'micro'],
  ['transport', 'small X at', 20, '200', undefined, 'small'],
  ['transport', 'small X above', 21, '200', undefined, 'small'],
  ['transport', 'small Y below', 20, '199.99', undefined, 'micro'],
  ['transport', 'small Y at', 20, '200', undefined, 'small'],
  ['transport', 'small Y above', 20, '200.01', undefined, 'small'],
  ['transport', 'medium X below', 299, '3000', undefined, 'small'],
  ['transport', 'medium X at', 300, '3000', undefined, 'medium'],
  ['transport', 'medium X above', 301, '3000', undefined, 'medium'],
  ['transport', 'medium Y below', 300, '2999.99', undefined, 'small'],
  ['transport', 'medium Y at', 300, '3000', undefined, 'medium'],
  ['transport', 'medium Y above', 300, '3000.01', undefined, 'medium'],
  ['transport', 'ceiling X below', 999, '30000', undefined, 'medium'],
  ['transport', 'ceiling X at', 1000, '30000', undefined, 'large'],
  ['transport', 'ceiling X above', 1001, '30000', undefined, 'large'],
  ['transport', 'ceiling Y below', 1000, '29999.99', undefined, 'medium'],
  ['transport', 'ceiling Y at', 1000, '30000', undefined, 'large'],
  ['transport', 'ceiling Y above', 1000, '30000.01', undefined, 'large'],
  ['warehousing', 'small X below', 19, '100', undefined, 'micro'],
  ['warehousing', 'small X at', 20, '100', undefined, 'small'],
  ['warehousing', 'small X above', 21, '100', undefined, 'small'],
  ['warehousing', 'small Y below', 20, '99.99', undefined, 'micro'],
  ['warehousing', 'small Y at', 20, '100', undefined, 'small'],
  ['warehousing', 'small Y above', 20, '100.01', undefined, 'small'],
  ['warehousing', 'medium X below', 99, '1000', undefined, 'small'],
  ['warehousing', 'medium X at', 100, '1000', undefined, 'medium'],
  ['warehousing', 'medium X above', 101, '1000', undefined, 'medium'],
  ['warehousing', 'medium Y below', 100, '999.99', undefined, 'small'],
  ['warehousing', 'medium Y at', 100, '1000', undefined, 'medium'],
  ['warehousing', 'medium Y above', 100, '1000.01', undefined, 'medium'],
  ['warehousing', 'ceiling X below', 199, '30000', undefined, 'medium'],
  ['warehousing', 'ceiling X at', 200, '30000', undefined, 'large'],
  ['warehousing', 'ceiling X above', 201, '30000', undefined, 'large'],
  ['warehousing', 'ceiling Y below', 200, '29999.99', undefined, 'medium'],
  ['warehousing', 'ceiling Y at', 200, '30000', undefined, 'large'],
  ['warehousing', 'ceiling Y above', 200, '30000.01', undefined, 'large'],
  ['postal', 'small X below', 19, '100', undefined, 'micro'],
  ['postal', 'small X at', 20, '100', undefined, 'small'],
  ['postal', 'small X above', 21, '100', undefined, 'small'],
  ['postal', 'small Y below', 20, '99.99', undefined, 'micro'],
  ['postal', 'small Y at', 20, '100', undefined, 'small'],
  ['postal', 'small Y above', 20, '100.01', undefined, 'small'],
  ['postal', 'medium X below', 299, '2000', undefined, 'small'],
  ['postal', 'medium X at', 300, '2000', undefined, 'medium'],
  ['postal', 'medium X above', 301, '2000', undefined, 'medium'],
  ['postal', 'medium Y below', 300, '1999.99', undefined, 'small'],
  ['postal', 'medium Y at', 300, '2000', undefined, 'medium'],
  ['postal', 'medium Y above', 300, '2000.01', undefined, 'medium'],
  ['postal', 'ceiling X below', 999, '30000', undefined, 'medium'],
  ['postal', 'ceiling X at', 1000, '30000', undefined, 'large'],
  ['postal', 'ceiling X above', 1001, '30000', undefined, 'large'],
  ['postal', 'ceiling Y below', 1000, '29999.99', undefined, 'medium'],
  ['postal', 'ceiling Y at', 1000, '30000', undefined, 'large'],
  ['postal', 'ceiling Y above', 1000, '30000.01', undefined, 'large'],
  ['accommodation', 'small X below', 9, '100', undefined, 'micro'],
  ['accommodation', 'small X at', 10, '100', undefined, 'small'],
  ['accommodation', 'small X above', 11, '100', undefined, 'small'],
  ['accommodation', 'small Y below', 10, '99.99', undefined, 'micro'],
  ['accommodation', 'small Y at', 10, '100', undefined, 'small'],
  ['accommodation', 'small Y above', 10, '100.01', undefined, 'small'],
  ['accommodation', 'medium X below', 99, '2000', undefined, 'small'],
  ['accommodation', 'medium X at', 100, '2000', undefined, 'medium'],
  ['accommodation', 'medium X above', 101, '2000', undefined, 'medium'],
  ['accommodation', 'medium Y below', 100, '1999.99', undefined, 'small'],
  ['accommodation', 'medium Y at', 100, '2000', undefined, 'medium'],
  ['accommodation', 'medium Y above', 100, '2000.01', undefined, 'medium'],
  ['accommodation', 'ceiling X below', 299, '10000', undefined, 'medium'],
  ['accommodation', 'ceiling X at', 300, '10000', undefined, 'large'],
  ['accommodation', 'ceiling X above', 301, '10000', undefined, 'large'],
  ['accommodation', 'ceiling Y below', 300, '9999.99', undefined, 'medium'],
  ['accommodation', 'ceiling Y at', 300, '10000', undefined, 'large'],
  ['accommodation', 'ceiling Y above', 300, '10000.01', undefined, 'large'],
  ['catering', 'small X below', 9, '100', undefined, 'micro'],
  ['catering', 'small X at', 10, '100', undefined, 'small'],
  ['catering', 'small X above', 11, '100', undefined, 'small'],
  ['catering', 'small Y below', 10, '99.99', undefined, 'micro'],
  ['catering', 'small Y at', 10, '100', undefined, 'small'],
  ['catering', 'small Y above', 10, '100.01', undefined, 'small'],
  ['catering', 'medium X below', 99, '2000', undefined, 'small'],
  ['catering', 'medium X at', 100, '2000', undefined, 'medium'],
  ['catering', 'medium X above', 101, '2000', undefined, 'medium'],
  ['catering', 'medium Y below', 100, '1999.99', undefined, 'small'],
  ['catering', 'medium Y at', 100, '2000', undefined, 'medium'],
  ['catering', 'medium Y above', 100, '2000.01', undefined, 'medium'],
  ['catering', 'ceiling X below', 299, '10000', undefined, 'medium'],
  ['catering', 'ceiling X at', 300, '10000', undefined, 'large'],
  ['catering', 'ceiling X above', 301, '10000', undefined, 'large'],
  ['catering', 'ceiling Y below', 300, '9999.99', undefined, 'medium'],
  ['catering', 'ceiling Y at', 300, '10000', undefined, 'large'],
  ['catering', 'ceiling Y above', 300, '10000.01', undefined, 'large'],
  ['information_transmission', 'small X below', 9, '100', undefined, 'micro'],
  ['information_transmission', 'small X at', 10, '100', undefined, 'small'],
  ['information_transmission', 'small X above', 11, '100', undefined, 'small'],
  ['information_transmission', 'small Y below', 10, '99.99', undefined, 'micro'],
  ['information_transmission', 'small Y at', 10, '100', undefined, 'small'],
  ['information_transmission', 'small Y above', 10, '100.01', undefined, 'small'],
  ['information_transmission', 'medium X below', 99, '1000', undefined, 'small'],
  ['information_transmission', 'medium X at', 100, '1000', undefined, 'medium'],
  ['information_transmission', 'medium X above', 101, '1000', undefined, 'medium'],
  ['information_transmission', 'medium Y below', 100, '999.99', undefined, 'small'],
  ['information_transmission', 'medium Y at', 100, '1000', undefined, 'medium'],
  ['information_transmission', 'medium Y above', 100, '1000.01', undefined, 'medium'],
  ['information_transmission', 'ceiling X below', 1999, '100000', undefined, 'medium'],
  ['information_transmission', 'ceiling X at', 2000, '100000', undefined, 'large'],
  ['information_transmission', 'ceiling X above', 2001, '100000', undefined, 'large'],
  ['information_transmission', 'ceiling Y below', 2000, '99999.99', undefined, 'medium'],
  ['information_transmission', 'ceiling Y at', 2000, '100000', undefined, 'large'],
  ['information_transmission', 'ceiling Y above', 2000, '100000.01', undefined, 'large'],
  ['software_it', 'small X below', 9, '50', undefined, 'micro'],
  ['software_it', 'small X at', 10, '50', undefined, 'small'],
  ['software_it', 'small X above', 11, '50', undefined, 'small'],
  ['software_it', 'small Y below', 10, '49.99', undefined, 'micro'],
  ['software_it', 'small Y at', 10, '50', undefined, 'small'],
  ['software_it', 'small Y above', 10, '50.01', undefined, 'small'],
  ['software_it', 'medium X below', 99, '1000', undefined, 'small'],
  ['software_it', 'medium X at', 100, '1000', undefined, 'medium'],
  ['software_it', 'medium X above', 101, '1000', undefined, 'medium'],
  ['software_it', 'medium Y below', 100, '999.99', undefined, 'small'],
  ['software_it', 'medium Y at', 100, '1000', undefined, 'medium'],
  ['software_it', 'medium Y above', 100, '1000.01', undefined, 'medium'],
  ['software_it', 'ceiling X below', 299, '10000', undefined, 'medium'],
  ['software_it', 'ceiling X at', 300, '10000', undefined, 'large'],
  ['software_it', 'ceiling X above', 301, '10000', undefined, 'large'],
  ['software_it', 'ceiling Y below', 300, '9999.99', undefined, 'medium'],
  ['software_it', 'ceiling Y at', 300, '10000', undefined, 'large'],
  ['software_it', 'ceiling Y above', 300, '10000.01', undefined, 'large'],
  ['real_estate_development', 'small Y below', 0, '99.99', '2000', 'micro'],
  ['real_estate_development', 'small Y at', 0, '100', '2000', 'small'],
  ['real_estate_development', 'small Y above', 0, '100.01', '2000', 'small'],
  ['real_estate_development', 'small Z below', 0, '100', '1999.99', 'micro'],
  ['real_estate_development', 'small Z at', 0, '100', '2000', 'small'],
  ['real_estate_development', 'small Z above', 0, '100', '2000.01', 'small'],
  ['real_estate_development', 'medium Y below', 0, '999.99', '5000', 'small'],
  ['real_estate_development', 'medium Y at', 0, '1000', '5000', 'medium'],
  ['real_estate_development', 'medium Y above', 0, '1000.01', '5000', 'medium'],
  ['real_estate_development', 'medium Z below', 0, '1000', '4999.99', 'small'],
  ['real_estate_development', 'medium Z at', 0, '1000', '5000', 'medium'],
  ['real_estate_development', 'medium Z above', 0, '1000', '5000.01', 'medium'],
  ['real_estate_development', 'ceiling Y below', 0, '199999.99', '10000', 'medium'],
  ['real_estate_development', 'ceiling Y at', 0, '200000', '10000', 'large'],
  ['real_estate_development', 'ceiling Y above', 0, '200000.01', '10000', 'large'],
  ['real_estate_development', 'ceiling Z below', 0, '200000', '9999.99', 'medium'],
  ['real_estate_development', 'ceiling Z at', 0, '200000', '10000', 'large'],
  ['real_estate_development', 'ceiling Z above', 0, '200000', '10000.01', 'large'],
  ['property_management', 'small X below', 99, '500', undefined, 'micro'],
  ['property_management', 'small X at', 100, '500', undefined, 'small'],
  ['property_management', 'small X above', 101, '500', undefined, 'small'],
  ['property_management', 'small Y below', 100, '499.99', undefined, 'micro'],
  ['property_management', 'small Y at', 100, '500', undefined, 'small'],
  ['property_management', 'small Y above', 100, '500.01', undefined, 'small'],
  ['property_management', 'medium X below', 299, '1000', undefined, 'small'],
  ['property_management', 'medium X at', 300, '1000', undefined, 'medium'],
  ['property_management', 'medium X above', 301, '1000', undefined, 'medium'],
  ['property_management', 'medium Y below', 300, '999.99', undefined, 'small'],
  ['property_management', 'medium Y at', 300, '1000', undefined, 'medium'],
  ['property_management', 'medium Y above', 300, '1000.01', undefined, 'medium'],
  ['property_management', 'ceiling X below', 999, '5000', undefined, 'medium'],
  ['property_management', 'ceiling X at', 1000, '5000', undefined, 'large'],
  ['property_management', 'ceiling X above', 1001, '5000', undefined, 'large'],
  ['property_management', 'ceiling Y below', 1000, '4999.99', undefined, 'medium'],
  ['property_management', 'ceiling Y at', 1000, '5000', undefined, 'large'],
  ['property_management', 'ceiling Y above', 1000, '5000.01', undefined, 'large'],
  ['leasing_business_services', 'small X below', 9, undefined, '100', 'micro'],
  ['leasing_business_services', 'small X at', 10, undefined, '100', 'small'],
  ['leasing_business_services', 'small X above', 11, undefined, '100', 'small'],
  ['leasing_business_services', 'small Z below', 10, undefined, '99.99', 'micro'],
  ['leasing_business_services', 'small Z at', 10, undefined, '100', 'small'],
  ['leasing_business_services', 'small Z above', 10, undefined, '100.01', 'small'],
  ['leasing_business_services', 'medium X below', 99, undefined, '8000', 'small'],
  ['leasing_business_services', 'medium X at', 100, undefined, '8000', 'medium'],
  ['leasing_business_services', 'medium X above', 101, undefined, '8000', 'medium'],
  ['leasing_business_services', 'medium Z below', 100, undefined, '7999.99', 'small'],
  ['leasing_business_services', 'medium Z at', 100, undefined, '8000', 'medium'],
  ['leasing_business_services', 'medium Z above', 100, undefined, '8000.01', 'medium'],
  ['leasing_business_services', 'ceiling X below', 299, undefined, '120000', 'medium'],
  ['leasing_business_services', 'ceiling X at', 300, undefined, '120000', 'large'],
  ['leasing_business_services', 'ceiling X above', 301, undefined, '120000', 'large'],
  ['leasing_business_services', 'ceiling Z below', 300, undefined, '119999.99', 'medium'],
  ['leasing_business_services', 'ceiling Z at', 300, undefined, '120000', 'large'],
  ['leasing_business_services', 'ceiling Z above', 300, undefined, '120000.01', 'large'],
  ['other', 'small X below', 9, undefined, undefined, 'micro'],
  ['other', 'small X at', 10, undefined, undefined, 'small'],
  ['other', 'small X above', 11, undefined, undefined, 'small'],
  ['other', 'medium X below', 99, undefined, undefined, 'small'],
  ['other', 'medium X at', 100, undefined, undefined, 'medium'],
  ['other', 'medium X above', 101, undefined, undefined, 'medium'],
  ['other', 'ceiling X below', 299, undefined, undefined, 'medium'],
  ['other', 'ceiling X at', 300, undefined, undefined, 'large'],
  ['other', 'ceiling X above', 301, undefined, undefined, 'large'],
];

describe(classifyEnterprise.name, () => {
  describe('boundaries of every industry group (以上 includes the number)', () => {
    it('covers all 16 groups with a row per threshold edge', () => {
      const groups = new Set(BOUNDARY_ROWS.map(([g]) => g));
      expect([...groups].sort()).toEqual([...INDUSTRY_GROUPS].sort());
      expect(BOUNDARY_ROWS).toHaveLength(14 * 18 + 2 * 9);
    });

    it.each(BOUNDARY_ROWS)('%s, %s: X=%p Y=%p Z=%p is %s', (industry, _edge, employees, revenueWan, assetsWan, expected) => {
      const sut = classifyEnterprise({ industry, employees, revenueWan, assetsWan });
      expect(sut.size).toBe(expected);
      expect(sut.isSme).toBe(expected !== 'large');
      expect(sut.industry).toBe(industry);
    });

    it.each(INDUSTRY_GROUPS.map((g) => [g]))('%s: all-zero indicators are micro', (industry) => {
      const sut = classifyEnterprise({ industry, employees: 0, revenueWan: '0', assetsWan: '0' });
      expect(sut.size).toBe('micro');
      expect(sut.isSme).toBe(true);
    });
  });

  describe('exact decimals', () => {
    it.each<[string | number, EnterpriseSize]>([
      ['299.99', 'micro'],
      ['300', 'small'],
      ['300.00', 'small'],
      ['300.0000000001', 'small'],
      ['299.9999999999999999999', 'micro'],
      [' 300 ', 'small'],
      ['0300', 'small'],
      [299.99, 'micro'],
      [300, 'small'],
      [300.5, 'small'],
    ])('industry with 20 employees and revenue %p is %s', (revenueWan, expected) => {
      expect(classifyEnterprise({ industry: 'industry', employees: 20, revenueWan }).size).toBe(expected);
    });

    it('compares amounts beyond the float range of integers exactly', () => {
      const sut = classifyEnterprise({ industry: 'industry', employees: 1000, revenueWan: '39999.999999999999999999' });
      expect(sut.size).toBe('medium');
      expect(classifyEnterprise({ industry: 'industry', employees: 1000, revenueWan: '123456789012345678901234567890' }).size).toBe('large');
    });
  });

  describe('basis', () => {
    it('cites 300号 and Art. 20, names the indicators and the deciding thresholds', () => {
      const sut = classifyEnterprise({ industry: 'industry', employees: 20, revenueWan: '300' });
      expect(sut).toEqual({
        size: 'small',
        isSme: true,
        industry: 'industry',
        basis: {
          standard: '工信部联企业〔2011〕300号',
          article: '第二十条',
          rule: { zh: expect.any(String), en: expect.any(String) },
          indicators: ['X', 'Y'],
        },
      });
      expect(sut.basis.rule.zh).toContain('从业人员 20 人及以上且营业收入 300 万元及以上为小型');
      expect(sut.basis.rule.zh).toContain('从业人员 300 人以下');
      expect(sut.basis.rule.zh).toContain('营业收入 2000 万元以下');
      expect(sut.basis.rule.en).toContain('employees >= 20 and operating revenue >= 300 (10k CNY): small');
      expect('industryCode' in sut.basis).toBe(false);
    });

    it('names only the thresholds an enterprise misses', () => {
      const sut = classifyEnterprise({ industry: 'industry', employees: 50, revenueWan: '299.99' });
      expect(sut.size).toBe('micro');
      expect(sut.basis.rule.zh).toMatch(/^营业收入 300 万元以下为微型/);
      expect(sut.basis.rule.zh).not.toContain('从业人员 20 人以下');
      expect(sut.basis.rule.en).toMatch(/^operating revenue < 300 \(10k CNY\): micro/);
    });

    it('states the ceilings for a large enterprise and the missed ceiling for a medium one', () => {
      const large = classifyEnterprise({ industry: 'construction', employees: 0, revenueWan: '80000', assetsWan: '80000' });
      expect(large.basis.rule.zh).toBe('营业收入 80000 万元及以上且资产总额 80000 万元及以上为大型（不属于中小微型企业）');
      expect(large.basis.rule.en).toContain('not an SME');
      const medium = classifyEnterprise({ industry: 'construction', employees: 0, revenueWan: '80000', assetsWan: '79999' });
      expect(medium.basis.rule.zh).toContain('资产总额 80000 万元以下');
      expect(medium.basis.rule.zh).not.toContain('营业收入 80000 万元以下');
    });

    it.each<[IndustryGroup, string[]]>([
      ['agriculture', ['Y']],
      ['industry', ['X', 'Y']],
      ['construction', ['Y', 'Z']],
      ['real_estate_development', ['Y', 'Z']],
      ['leasing_business_services', ['X', 'Z']],
      ['other', ['X']],
    ])('%s is classified by %p', (industry, indicators) => {
      const sut = classifyEnterprise({ industry, employees: 1, revenueWan: '1', assetsWan: '1' });
      expect(sut.basis.indicators).toEqual(indicators);
    });

    it('ignores indicators the group does not use', () => {
      const sut = classifyEnterprise({ industry: 'agriculture', employees: 1_000_000, revenueWan: '49.99', assetsWan: '1000000' });
      expect(sut.size).toBe('micro');
    });
  });

  describe('GB/T 4754-2017 industry codes', () => {
    it.each<[string, IndustryGroup]>([
      ['A', 'agriculture'],
      ['A01', 'agriculture'],
      ['A05', 'agriculture'],
      ['B06', 'industry'],
      ['C', 'industry'],
      ['C13', 'industry'],
      ['C39', 'industry'],
      ['C43', 'industry'],
      ['D44', 'industry'],
      ['D46', 'industry'],
      ['E', 'construction'],
      ['E47', 'construction'],
      ['E50', 'construction'],
      ['F51', 'wholesale'],
      ['F52', 'retail'],
      ['F521', 'retail'],
      ['G54', 'transport'],
      ['G58', 'transport'],
      ['G59', 'warehousing'],
      ['G60', 'postal'],
      ['H61', 'accommodation'],
      ['H62', 'catering'],
      ['I63', 'information_transmission'],
      ['I64', 'information_transmission'],
      ['I65', 'software_it'],
      ['I651', 'software_it'],
      ['K701', 'real_estate_development'],
      ['K7010', 'real_estate_development'],
      ['K702', 'property_management'],
      ['K703', 'other'],
      ['K704', 'other'],
      ['K709', 'other'],
      ['L', 'leasing_business_services'],
      ['L71', 'leasing_business_services'],
      ['L72', 'leasing_business_services'],
      ['M73', 'other'],
      ['N', 'other'],
      ['O80', 'other'],
      ['P83', 'other'],
      ['Q84', 'other'],
      ['R90', 'other'],
      ['i65', 'software_it'],
      ['  k702 ', 'property_management'],
      ['c39', 'industry'],
    ])('%p maps to %s', (code, group) => {
      expect(industryGroupForCode(code)).toBe(group);
      const sut = classifyEnterprise({ industryCode: code, employees: 0, revenueWan: '0', assetsWan: '0' });
      expect(sut.industry).toBe(group);
      expect(sut.basis.industryCode).toBe(code.trim().toUpperCase());
    });

    it.each<[string, RegExp]>([
      ['F', /F51.*F52/],
      ['G', /G59/],
      ['H', /H61.*H62/],
      ['I', /I65/],
      ['K', /K701.*K702/],
      ['K70', /K701.*K702/],
      ['K700', /701-709/],
      ['G53', /railway/],
      ['G531', /railway/],
      ['J', /finance/],
      ['J66', /finance/],
      ['S', /not enterprises/],
      ['S91', /not enterprises/],
      ['T97', /not enterprises/],
      ['C99', /division '99' does not belong to section C \(its divisions are 13-43\)/],
      ['C12', /does not belong to section C/],
      ['A07', /does not belong to section A \(its divisions are 01-05\)/],
      ['A00', /does not belong/],
      ['F53', /does not belong/],
      ['K71', /does not belong/],
      ['U01', /section 'U' does not exist/],
      ['Z', /does not exist/],
      ['', /malformed/],
      ['C3', /malformed/],
      ['C39012', /malformed/],
      ['39', /malformed/],
      ['CC39', /malformed/],
      ['C-39', /malformed/],
    ])('%p is rejected (%p)', (code, en) => {
      const e = inputError(() => classifyEnterprise({ industryCode: code, employees: 0, revenueWan: '0', assetsWan: '0' }));
      expect(e.field).toBe('industryCode');
      expect(e.reason.en).toMatch(en);
      expect(e.reason.zh).toMatch(/行业代码/);
      expect(e.message).toContain(e.reason.en);
    });
  });

  describe('bad input', () => {
    const base: EnterpriseSizeInput = { industry: 'industry', employees: 20, revenueWan: '300', assetsWan: '300' };

    it('is a PolicyInputError: an Error with a field and a bilingual reason', () => {
      const e = inputError(() => classifyEnterprise({ ...base, industry: 'mining' as IndustryGroup }));
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe('PolicyInputError');
      expect(e.field).toBe('industry');
      expect(e.reason.zh).toContain('mining');
      expect(e.reason.en).toContain('unknown industry group');
    });

    it('needs exactly one of industry and industryCode', () => {
      expect(inputError(() => classifyEnterprise({ ...base, industryCode: 'C39' })).reason.en).toContain('not both');
      expect(inputError(() => classifyEnterprise({ employees: 1, revenueWan: '1' })).field).toBe('industry');
    });

    it.each<[IndustryGroup, keyof EnterpriseSizeInput]>([
      ['construction', 'assetsWan'],
      ['real_estate_development', 'assetsWan'],
      ['leasing_business_services', 'assetsWan'],
      ['construction', 'revenueWan'],
      ['industry', 'revenueWan'],
      ['agriculture', 'revenueWan'],
      ['software_it', 'revenueWan'],
    ])('%s without %s is rejected', (industry, field) => {
      const e = inputError(() => classifyEnterprise({ ...base, industry, [field]: undefined }));
      expect(e.field).toBe(field);
      expect(e.reason.zh).toContain(ENTERPRISE_SIZE_STANDARDS[industry].name.zh);
    });

    it('needs neither revenue for leasing nor assets for industry', () => {
      expect(classifyEnterprise({ industry: 'leasing_business_services', employees: 10, assetsWan: '100' }).size).toBe('small');
      expect(classifyEnterprise({ industry: 'industry', employees: 20, revenueWan: '300' }).size).toBe('small');
      expect(classifyEnterprise({ industry: 'other', employees: 10 }).size).toBe('small');
    });

    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '20' as unknown as number, undefined as unknown as number])(
      'rejects employees %p',
      (employees) => {
        const e = inputError(() => classifyEnterprise({ ...base, employees }));
        expect(e.field).toBe('employees');
        expect(e.reason.en).toContain('non-negative integer');
      },
    );

    it.each<unknown>(['', ' ', '-1', '-0.5', '+300', '1,000', '1e3', '.5', '300.', '300.0.0', '三百', 'abc', -0.01, Number.NaN, Number.POSITIVE_INFINITY, null, true])(
      'rejects the amount %p',
      (amount) => {
        const e = inputError(() => classifyEnterprise({ ...base, revenueWan: amount as string }));
        expect(e.field).toBe('revenueWan');
        expect(e.reason.zh.length).toBeGreaterThan(0);
        expect(e.reason.en.length).toBeGreaterThan(0);
      },
    );

    it('validates a given indicator even when the group does not use it', () => {
      expect(inputError(() => classifyEnterprise({ ...base, assetsWan: 'lots' })).field).toBe('assetsWan');
    });

    it('rejects a non-string industry code', () => {
      expect(inputError(() => classifyEnterprise({ industryCode: 65 as unknown as string, employees: 0, revenueWan: '0' })).field).toBe('industryCode');
    });
  });

  describe('properties', () => {
    const group = fc.constantFrom(...INDUSTRY_GROUPS);
    /** A non-negative amount in 万元 as an exact decimal string: whole part and up to 4 fraction digits. */
    const amount = fc
      .tuple(fc.bigInt({ min: 0n, max: 300_000n }), fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }))
      .map(([whole, frac]) => (frac === undefined ? `${whole}` : `${whole}.${String(frac).padStart(4, '0')}`));
    const input = fc.record({ industry: group, employees: fc.nat({ max: 3000 }), revenueWan: amount, assetsWan: amount });
    const raise = (a: string, by: bigint) => {
      const [w, f] = a.split('.');
      return f === undefined ? `${BigInt(w!) + by}` : `${BigInt(w!) + by}.${f}`;
    };

    it('is monotone: raising any indicator never lowers the size', () => {
      fc.assert(
        fc.property(input, fc.nat({ max: 200_000 }), fc.constantFrom('X', 'Y', 'Z', 'all'), (i, by, which) => {
          const raised: EnterpriseSizeInput = {
            ...i,
            employees: which === 'X' || which === 'all' ? i.employees + by : i.employees,
            revenueWan: which === 'Y' || which === 'all' ? raise(i.revenueWan, BigInt(by)) : i.revenueWan,
            assetsWan: which === 'Z' || which === 'all' ? raise(i.assetsWan, BigInt(by)) : i.assetsWan,
          };
          expect(RANK[classifyEnterprise(raised).size]).toBeGreaterThanOrEqual(RANK[classifyEnterprise(i).size]);
        }),
      );
    });

    it('is monotone in the fraction digits too', () => {
      fc.assert(
        fc.property(group, fc.nat({ max: 3000 }), fc.bigInt({ min: 0n, max: 300_000n }), (industry, employees, whole) => {
          const sizes = [`${whole}`, `${whole}.0001`, `${whole}.9999`, `${whole + 1n}`].map(
            (a) => RANK[classifyEnterprise({ industry, employees, revenueWan: a, assetsWan: a }).size],
          );
          expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
        }),
      );
    });

    it('is an SME exactly when it is not large', () => {
      fc.assert(
        fc.property(input, (i) => {
          const sut = classifyEnterprise(i);
          expect(sut.isSme).toBe(sut.size !== 'large');
        }),
      );
    });

    it('is micro when every indicator is zero', () => {
      fc.assert(
        fc.property(group, fc.constantFrom<string | number>('0', '0.00', 0, ' 0 '), (industry, zero) => {
          const sut = classifyEnterprise({ industry, employees: 0, revenueWan: zero, assetsWan: zero });
          expect(sut.size).toBe('micro');
          expect(sut.isSme).toBe(true);
        }),
      );
    });

    it('gives the same size for an amount as a number and as a string of cents', () => {
      fc.assert(
        fc.property(group, fc.nat({ max: 3000 }), fc.integer({ min: 0, max: 30_000_000 }), (industry, employees, cents) => {
          const text = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
          const asText = classifyEnterprise({ industry, employees, revenueWan: text, assetsWan: text });
          const asNumber = classifyEnterprise({ industry, employees, revenueWan: cents / 100, assetsWan: cents / 100 });
          expect(asNumber.size).toBe(asText.size);
        }),
      );
    });

    it('always states a non-empty bilingual rule and the indicators of its group', () => {
      fc.assert(
        fc.property(input, (i) => {
          const sut = classifyEnterprise(i);
          expect(sut.basis.rule.zh).toMatch(/为(大|中|小|微)型/);
          expect(sut.basis.rule.en).toMatch(/: (large|medium|small|micro)/);
          expect(sut.basis.indicators.length).toBeGreaterThan(0);
        }),
      );
    });
  });
});

describe('ENTERPRISE_SIZE_STANDARDS', () => {
  it.each(INDUSTRY_GROUPS.map((g) => [g]))('%s: medium above small below the ceiling, on the same indicators', (g) => {
    const sut = ENTERPRISE_SIZE_STANDARDS[g];
    const keys = Object.keys(sut.small).sort();
    expect(Object.keys(sut.medium).sort()).toEqual(keys);
    expect(Object.keys(sut.smeBelow).sort()).toEqual(keys);
    for (const k of keys as Array<'X' | 'Y' | 'Z'>) {
      expect(Number.isInteger(sut.small[k])).toBe(true);
      expect(sut.medium[k]!).toBeGreaterThan(sut.small[k]!);
      expect(sut.smeBelow[k]!).toBeGreaterThan(sut.medium[k]!);
    }
  });
});
