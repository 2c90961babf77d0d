import { moneyText } from './money';

describe('moneyText: amounts with separators and their unit', () => {
  it.each([
    ['0', 'zh', '0 元'],
    ['1500000', 'zh', '1,500,000 元'],
    ['2000000.50', 'zh', '2,000,000.50 元'],
    ['999', 'en', '999 yuan'],
    ['0012345', 'zh', '12,345 元'],
    ['12345678901234.99', 'zh', '12,345,678,901,234.99 元'],
  ] as const)('%s (%s) reads %s', (yuan, lang, text) => {
    expect(moneyText(yuan, lang)).toBe(text);
  });

  it.each([
    ['2000000', '200 万元'],
    ['15000', '1.5 万元'],
    ['12345.67', '1.234567 万元'],
    ['500', '0.05 万元'],
    ['123456789', '12,345.6789 万元'],
  ])('%s yuan in 万元 reads %s', (yuan, text) => {
    expect(moneyText(yuan, 'zh', 'wan')).toBe(text);
  });
});
