import { checkServedEnterprises, reportFacts, reportYearFor, sharePercent, type AnnualReportContent, type ServedEnterpriseRowInput } from './annual-report';
import { makeCreditCode } from './credit-code';

const code = (n: number) => makeCreditCode('91350200', `MA${String(n).padStart(6, '0')}`);
const row = (n: number, over: Partial<ServedEnterpriseRowInput> = {}): ServedEnterpriseRowInput => ({
  row: n + 1,
  creditCode: code(n),
  enterpriseName: `企业${n}`,
  industryCode: 'C39',
  employees: '50',
  revenueWan: '500',
  assetsWan: undefined,
  ...over,
});

describe('the served-enterprise list (第十五条, sized by 300号 under 第二十条)', () => {
  it('sizes each good row and counts the SMEs among them', () => {
    const { counts, errors } = checkServedEnterprises([
      row(1), // industry: X>=20 & Y>=300 -> small
      row(2, { employees: '400', revenueWan: '3000' }), // medium
      row(3, { employees: 5, revenueWan: 10 }), // micro, as spreadsheet numbers
      row(4, { employees: '2000', revenueWan: '50000' }), // large: served, not an SME
      row(5, { industryCode: 'I65', employees: '12', revenueWan: '60' }), // software: small
    ]);
    expect(errors).toEqual([]);
    expect(counts).toEqual({ rows: 5, refused: 0, medium: 1, small: 2, micro: 1, large: 1, smes: 4 });
  });

  it('lists every bad row with its field and reason, and counts only the good ones', () => {
    const { counts, errors } = checkServedEnterprises([
      row(1),
      row(2, { creditCode: '91350200MA00000000' }),
      row(3, { creditCode: code(1) }),
      row(4, { industryCode: 'Z99' }),
      row(5, { employees: '十二' }),
      row(6, { industryCode: 'E48', employees: '10', revenueWan: '400' }), // construction needs total assets
      row(7, { enterpriseName: '' }),
    ]);
    expect(counts).toMatchObject({ rows: 7, refused: 6, smes: 1 });
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'creditCode'],
      [4, 'creditCode'],
      [5, 'industryCode'],
      [6, 'employees'],
      [7, 'assetsWan'],
      [8, 'enterpriseName'],
    ]);
    expect(errors[1]!.reason.zh).toContain('与第 2 行重复');
  });
});

describe('the report facts the indicators read', () => {
  const content: AnnualReportContent = {
    form: 'annual-report/2',
    services: [
      { function: 'information', activities: 8, enterprisesServed: 120 },
      { function: 'training', activities: 6, enterprisesServed: 90 },
      { function: 'financing', activities: 0, enterprisesServed: 0 },
    ],
    served: { rows: 130, refused: 2, medium: 10, small: 60, micro: 50, large: 8, smes: 120, listSha256: 'x', filename: 'list.xlsx' },
    satisfaction: { surveyed: 300, satisfied: 239 },
    serviceCount: { total: 3, freeOrLowFee: 1 },
    staff: { total: 20, qualified: 16 },
    revenueYuan: '1250000.00',
    summary: 's',
    plans: 'p',
    highlights: 'h',
    attachments: [],
  };

  it('takes shares cut, never rounded up to a line (239/300 is 79.66 %, not 80 %)', () => {
    expect(reportFacts(content)).toEqual({
      'report.smesServed': '120',
      'report.activities': '14',
      'report.functionsDelivered': '2',
      'report.satisfactionPercent': '79.66',
      'report.freeOrLowFeePercent': '33.33',
      'report.qualifiedStaffPercent': '80.00',
      'report.staff': '20',
    });
    expect(sharePercent(0, 0)).toBe('0.00');
  });

  it('fixes the report year to the year before the filing day (第十五条 上一年度), also on 1 January', () => {
    expect(reportYearFor('2027-01-01')).toBe(2026);
    expect(reportYearFor('2027-02-28')).toBe(2026);
  });
});
