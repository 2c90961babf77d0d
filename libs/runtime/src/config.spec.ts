import { ConfigError, DEV_AUDIT_HMAC_KEY, DEV_JWT_SECRET, loadConfig, loadWebConfig } from './config';

describe(loadConfig.name, () => {
  it('uses the documented defaults', () => {
    const sut = loadConfig('applications', {});
    expect(sut).toMatchObject({
      port: 3001,
      databaseUrl: 'postgres://sme:sme@127.0.0.1:5432/sme',
      natsUrl: 'nats://127.0.0.1:4222',
      temporalAddress: '127.0.0.1:7233',
      temporalNamespace: 'default',
      temporalUiUrl: 'http://127.0.0.1:8233',
      host: '127.0.0.1',
    });
    expect(loadConfig('notifications', {}).port).toBe(3003);
    expect(loadConfig('scoring', {}).port).toBe(3002);
    expect(loadConfig('orchestrator', {}).port).toBe(3004);
  });

  it('reads each service port from its own variable, 0 for any free port', () => {
    expect(loadConfig('scoring', { SCORING_PORT: '4002' }).port).toBe(4002);
    expect(loadConfig('orchestrator', { ORCHESTRATOR_PORT: '0', SCORING_PORT: '4002' }).port).toBe(0);
    expect(() => loadConfig('orchestrator', { ORCHESTRATOR_PORT: 'http' })).toThrow(/ORCHESTRATOR_PORT/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['NATS_URL', 'not a url'],
    ['TEMPORAL_ADDRESS', 'localhost'],
    ['APPLICATIONS_PORT', '70000'],
    ['OUTBOX_POLL_MS', 'soon'],
    ['TEMPORAL_NAMESPACE', 'bad name'],
    ['BIND_HOST', 'a b'],
    ['TEMPORAL_UI_URL', 'ftp://temporal'],
  ])('names %s when it is invalid', (variable, value) => {
    const act = () => loadConfig('applications', { [variable]: value });
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(new RegExp(`${variable}`));
  });
});

describe(loadWebConfig.name, () => {
  it('takes each service\'s instances from a comma-separated <SERVICE>_URL, one by default', () => {
    const c = loadWebConfig({ APPLICATIONS_URL: 'http://127.0.0.1:4001, http://127.0.0.1:4002', SCORING_PORT: '4100' });
    expect(c.upstreams).toEqual({
      applications: ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'],
      scoring: ['http://127.0.0.1:4100'],
      notifications: ['http://127.0.0.1:3003'],
    });
  });

  it('names the variable of an instance that is not a URL', () => {
    expect(() => loadWebConfig({ SCORING_URL: 'http://127.0.0.1:4100,not a url' })).toThrow(/SCORING_URL/);
  });
});

describe('the development JWT secret', () => {
  it('is refused by a service bound beyond loopback, whatever NODE_ENV says', () => {
    for (const env of [{ BIND_HOST: '0.0.0.0' }, { BIND_HOST: '0.0.0.0', NODE_ENV: 'development' }, { BIND_HOST: '10.0.0.5', AUTH_JWT_SECRET: DEV_JWT_SECRET }]) {
      expect(() => loadConfig('applications', env)).toThrow(/AUTH_JWT_SECRET.*development secret is public/);
    }
  });

  it('is the default on loopback only; a secret of its own is fine anywhere', () => {
    expect(loadConfig('applications', {}).jwtSecret).toBe(DEV_JWT_SECRET);
    expect(loadConfig('applications', { BIND_HOST: 'localhost' }).jwtSecret).toBe(DEV_JWT_SECRET);
    expect(loadConfig('applications', { BIND_HOST: '0.0.0.0', AUTH_JWT_SECRET: 'x'.repeat(40), AUDIT_HMAC_KEY: 'k'.repeat(40) }).jwtSecret).toBe('x'.repeat(40));
  });
});

describe('the audit seal key', () => {
  it('is the development default on loopback only, and refused in production or beyond loopback', () => {
    expect(loadConfig('applications', {}).auditHmacKey).toBe(DEV_AUDIT_HMAC_KEY);
    expect(() => loadConfig('applications', { BIND_HOST: '0.0.0.0', AUTH_JWT_SECRET: 'x'.repeat(40) })).toThrow(/AUDIT_HMAC_KEY/);
    expect(() => loadConfig('applications', { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), SEED_DEV_USERS: 'false' })).toThrow(/AUDIT_HMAC_KEY/);
    expect(() => loadConfig('applications', { AUDIT_HMAC_KEY: 'short' })).toThrow(/AUDIT_HMAC_KEY.*32/);
    expect(loadConfig('applications', { BIND_HOST: '0.0.0.0', AUTH_JWT_SECRET: 'x'.repeat(40), AUDIT_HMAC_KEY: 'k'.repeat(40) }).auditHmacKey).toBe('k'.repeat(40));
  });
});
