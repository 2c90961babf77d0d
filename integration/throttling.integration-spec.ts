import { DEV_INSTITUTION } from '@sme/auth';
import { freePort, type ManagedProcess, serviceProcess, waitReady } from '@sme/testing';
import { mailTo } from './fixtures/accounts';
import { SystemUnderTest } from './harness';

/**
 * Guessing is bounded (issue 12): an account locks after repeated wrong passwords and its owner is emailed; each
 * client address is limited on sign-in and on objections, with a 429 problem carrying Retry-After; the counts live in
 * PostgreSQL, so two instances of the service share them. Short windows so the test sees them end.
 */
describe('throttling: account lock, per-address limits shared by two instances', () => {
  let sut: SystemUnderTest;
  let second: ManagedProcess;
  let secondUrl: string;

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_throttling', {
      AUTH_LOCK_AFTER: '5',
      AUTH_LOCK_SECONDS: '3',
      THROTTLE_WINDOW_SECONDS: '4',
      THROTTLE_AUTH_LIMIT: '40',
      THROTTLE_OBJECTION_LIMIT: '5',
    });
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    second = serviceProcess('applications', { ...sut.env, APPLICATIONS_PORT: String(port) });
    second.start();
    await waitReady(secondUrl, second);
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await sut?.stop();
  });

  const signIn = (base: string, password: string) =>
    fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password }) });

  it('locks an account before the 20th wrong password, whichever instance is asked, and lets the right password in once the lock ends', async () => {
    const seen: Array<{ status: number; type: string; retryAfter: string | null }> = [];
    for (let i = 0; i < 100; i++) {
      const res = await signIn(i % 2 ? secondUrl : sut.applicationsUrl, `wrong-password-${i}`);
      const body = (await res.json()) as { type: string };
      seen.push({ status: res.status, type: body.type.split('/').pop()!, retryAfter: res.headers.get('retry-after') });
    }
    const first429 = seen.findIndex((s) => s.status === 429);
    expect(first429).toBeGreaterThanOrEqual(0);
    expect(first429).toBeLessThan(19);
    expect(seen.slice(0, first429).every((s) => s.status === 401)).toBe(true);
    expect(seen.slice(first429).every((s) => s.status === 429 && Number(s.retryAfter) >= 1)).toBe(true);
    expect(seen[first429]!.type).toBe('account-locked');
    // The address limit (40 per window) refuses the rest, on both instances alike.
    expect(seen.some((s) => s.type === 'too-many-requests')).toBe(true);

    // While locked, even the right password is refused, without a hash spent on it.
    expect((await signIn(sut.applicationsUrl, 'staff-dev')).status).toBe(429);
    const mail = await mailTo(sut, 'staff@sme-platforms.local', '账号已临时锁定');
    expect(mail.text).toContain('连续 5 次密码错误');

    // Once the lock and the window end, the right password works again.
    const until = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      const res = await signIn(secondUrl, 'staff-dev');
      status = res.status;
      if (status !== 200) await new Promise((r) => setTimeout(r, Math.max(250, Number(res.headers.get('retry-after') ?? 1) * 1000)));
    }
    expect(status).toBe(200);
  });

  it('limits objections per address across instances, with a 429 problem and Retry-After', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) {
      last = await fetch(`${i % 2 ? secondUrl : sut.applicationsUrl}/api/public/notices/2099-1/objections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ creditCode: DEV_INSTITUTION, objector: '张三', text: '异议内容' }),
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const problem = (await last!.json()) as { type: string; message: { zh: string; en: string } };
    expect(problem.type).toMatch(/too-many-requests$/);
    expect(problem.message.zh).toContain('请求过于频繁');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
