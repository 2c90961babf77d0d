import { ConfigError, loadConfig } from './config';

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
  });

  it('reads each service port from its own variable', () => {
    expect(loadConfig('scoring', { SCORING_PORT: '4002' }).port).toBe(4002);
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
