import { SessionRevocationWatcher, STALE_AFTER_MS } from './session-revocations';

describe('SessionRevocationWatcher', () => {
  const watcher = () => new SessionRevocationWatcher('nats://127.0.0.1:1', 'spec', { log: () => undefined, warn: () => undefined });

  it('answers unknown until the bucket was read through, never letting a token pass unchecked', () => {
    expect(watcher().revoked({ sub: 'u-1' })).toBe('unknown');
  });

  it('keeps the highest version seen, whatever order the entries come in, and ended sessions', () => {
    const w = watcher();
    (w as unknown as { loaded: boolean }).loaded = true;
    w.apply('account.u-1', '3');
    w.apply('account.u-1', '2'); // a late, older write lowers nothing
    w.apply('account.u-1', 'not-a-number');
    w.apply('session.s-9', 'ended');
    expect(w.revoked({ sub: 'u-1', tokenVersion: 2 })).toBe('account-changed');
    expect(w.revoked({ sub: 'u-1', tokenVersion: 3 })).toBeNull();
    expect(w.revoked({ sub: 'u-1', tokenVersion: 3, sessionId: 's-9' })).toBe('signed-out');
    expect(w.revoked({ sub: 'u-2' })).toBeNull();
    expect(w.revoked({ sub: 'u-1' })).toBe('account-changed'); // no version: 0, older than 3
  });
});

describe('SessionRevocationWatcher after NATS went away', () => {
  it('answers unknown once NATS has been away longer than the grace, not before', () => {
    const w = new SessionRevocationWatcher('nats://127.0.0.1:1', 'spec', { log: () => undefined, warn: () => undefined });
    const inner = w as unknown as { loaded: boolean; disconnectedAt?: number };
    inner.loaded = true;
    inner.disconnectedAt = Date.now() - 1000;
    expect(w.revoked({ sub: 'u-1' })).toBeNull();
    inner.disconnectedAt = Date.now() - STALE_AFTER_MS - 1;
    expect(w.revoked({ sub: 'u-1' })).toBe('unknown');
  });
});
