import fc from 'fast-check';
import { checkImportRows, parseTypedDate } from './platform-import';
import { XIAMEN_2021_114 } from './policies';

const A = '91350200MA2Y0001XE';
const B = '91350200MA2Y00028E';
const TODAY = '2026-11-27';
const row = (n: number, over: Record<string, unknown> = {}) => ({ row: n, creditCode: A, institutionName: '厦门市甲中心', awardedOn: '2024-06-30', functions: '信息服务、技术服务', ...over });

describe('parseTypedDate', () => {
  it.each([
    ['2024-06-30', '2024-06-30'],
    ['2024/6/30', '2024-06-30'],
    ['2024.6.3', '2024-06-03'],
    ['2024年6月30日', '2024-06-30'],
    [' 2024 年 6 月 30 日 ', '2024-06-30'],
  ])('reads %s', (typed, iso) => expect(parseTypedDate(typed)).toBe(iso));

  it.each(['2024-02-30', '2023/2/29', '30/06/2024', '', 'tomorrow', 45000])('refuses %s', (typed) => expect(parseTypedDate(typed)).toBeNull());
});

describe('checkImportRows (第十七条)', () => {
  it('accepts a valid row with its validity and functions in any accepted spelling', () => {
    const { valid, errors } = checkImportRows([row(2, { functions: 'information, 融资' })], TODAY, XIAMEN_2021_114);
    expect(errors).toEqual([]);
    expect(valid).toEqual([{ row: 2, creditCode: A, institutionName: '厦门市甲中心', awardedOn: '2024-06-30', validThrough: '2027-06-30', functions: ['information', 'financing'] }]);
  });

  it('reports every bad row by its number, field and reason', () => {
    const { valid, errors } = checkImportRows(
      [
        row(2),
        row(3),
        row(4, { creditCode: B, institutionName: ' ', awardedOn: '2023-02-30', functions: '' }),
        row(5, { creditCode: '91350200MA2Y0001XA', functions: '咨询服务' }),
        row(6, { creditCode: B, awardedOn: '2027-01-01' }),
        row(7, { creditCode: '91350200MA2Y0003XX', awardedOn: '2023-06-30' }),
      ],
      TODAY,
      XIAMEN_2021_114,
    );
    expect(valid.map((v) => v.row)).toEqual([2]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'creditCode'],
      [4, 'institutionName'],
      [4, 'awardedOn'],
      [4, 'functions'],
      [5, 'creditCode'],
      [5, 'functions'],
      [6, 'creditCode'], // B again, as on row 4
      [6, 'awardedOn'],
      [7, 'creditCode'],
      [7, 'awardedOn'],
    ]);
    expect(errors.find((e) => e.row === 3)!.reason.zh).toContain('第 2 行');
    expect(errors.find((e) => e.row === 7 && e.field === 'awardedOn')!.reason.zh).toContain('第十七条');
    expect(errors.every((e) => e.reason.zh && e.reason.en)).toBe(true);
  });

  it('takes a title lapsing today and refuses one that lapsed yesterday (property over award dates)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2026-11-27T00:00:00Z'), noInvalidDate: true }), (d) => {
        const awardedOn = d.toISOString().slice(0, 10);
        const { valid, errors } = checkImportRows([row(2, { awardedOn })], TODAY, XIAMEN_2021_114);
        expect(valid.length + (errors.length ? 1 : 0)).toBe(1);
        if (valid.length) expect(valid[0]!.validThrough >= TODAY).toBe(true);
        else expect(errors[0]!.reason.en).toContain('lapsed');
      }),
    );
  });
});
