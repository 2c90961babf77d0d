/**
 * Amounts of money as people read them, from the decimal string of yuan the system carries (never a float): thousands
 * separators and the unit, 2,000,000 元, or in 万元 (200 万元) where a form counts in ten-thousands. Pure, so the
 * rules' reasons, the printed PDFs and the screens say an amount the same way (the web app imports this file).
 */
export type MoneyLang = 'zh' | 'en';

export function moneyText(yuan: string, lang: MoneyLang, unit: 'yuan' | 'wan' = 'yuan'): string {
  const [whole = '0', frac] = yuan.trim().replace(/^\+/, '').split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/^0+(?=\d)/, '');
  if (unit === 'wan') {
    const padded = digits.padStart(5, '0');
    const wan = padded.slice(0, -4).replace(/^0+(?=\d)/, '');
    const rest = `${padded.slice(-4)}${frac ?? ''}`.replace(/0+$/, '');
    return `${sign}${group(wan)}${rest ? `.${rest}` : ''} ${lang === 'zh' ? '万元' : '×10,000 yuan'}`;
  }
  return `${sign}${group(digits)}${frac ? `.${frac}` : ''} ${lang === 'zh' ? '元' : 'yuan'}`;
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
