import { connectNats } from '@sme/messaging';
import { loadConfig } from '@sme/runtime';
import { PrivateNatsServer } from '@sme/testing';

/**
 * A NATS server that asks for credentials (issue 12): the processes connect with the user and password the
 * environment gives (NATS_USER, NATS_PASSWORD), and without them are refused, not left waiting.
 */
describe('NATS credentials from the environment', () => {
  let nats: PrivateNatsServer;
  beforeAll(async () => {
    nats = await PrivateNatsServer.start(['--user', 'sme-app', '--pass', 'nats-test-password-0001']);
  }, 60_000);
  afterAll(async () => {
    await nats?.stop();
  });

  it('connects with the configured user and password, and publishes to JetStream', async () => {
    const config = loadConfig('applications', { NATS_URL: nats.url, NATS_USER: 'sme-app', NATS_PASSWORD: 'nats-test-password-0001' });
    const nc = await connectNats(config.natsUrl, 'access-test', config.natsAccess);
    const jsm = await nc.jetstreamManager();
    expect((await jsm.getAccountInfo()).streams).toBeGreaterThanOrEqual(0);
    await nc.close();
  });

  it('is refused with a wrong password, with the server\'s reason', async () => {
    const config = loadConfig('applications', { NATS_URL: nats.url, NATS_USER: 'sme-app', NATS_PASSWORD: 'wrong-password' });
    await expect(connectNats(config.natsUrl, 'access-test', config.natsAccess)).rejects.toThrow(/AUTHORIZATION_VIOLATION|Authorization/i);
  });
});
