import { DEFAULT_SETTINGS, withOverrides } from './settings';

describe(withOverrides.name, () => {
  it('takes any part of the settings and keeps the rest', () => {
    const sut = withOverrides(DEFAULT_SETTINGS, { publicHost: 'sme.xm.gov.cn', external: { postgres: 'pg.xm.internal' } });
    expect(sut.publicHost).toBe('sme.xm.gov.cn');
    expect(sut.external).toEqual({ ...DEFAULT_SETTINGS.external, postgres: 'pg.xm.internal' });
    expect(sut.image).toBe(DEFAULT_SETTINGS.image);
  });

  it('refuses a setting it does not have and a value of another type, naming it', () => {
    expect(() => withOverrides(DEFAULT_SETTINGS, { publicHots: 'x' })).toThrow(/settings\.publicHots: no such setting/);
    expect(() => withOverrides(DEFAULT_SETTINGS, { evidence: { sizeGiB: '200Gi' } })).toThrow(/settings\.evidence\.sizeGiB: expected a number/);
    expect(() => withOverrides(DEFAULT_SETTINGS, { external: 'pg' })).toThrow(/settings\.external: expected an object/);
    expect(() => withOverrides(DEFAULT_SETTINGS, [])).toThrow(/settings: expected an object/);
  });
});
