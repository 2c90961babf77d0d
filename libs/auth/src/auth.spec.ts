import { hashPassword, verifyPassword } from './passwords';
import { recipientKeys, type Principal } from './roles';
import { TokenService } from './tokens';

const SECRET = 'unit-test-secret-unit-test-secret-0001';
const staff: Principal = { sub: 'u-1', username: 'staff', role: 'staff', displayName: '王工', institution: null, expertId: null };

describe('TokenService', () => {
  const sut = new TokenService(SECRET);

  it('round-trips a principal', () => {
    expect(sut.verify(sut.issue(staff))).toEqual(staff);
  });

  it('refuses a tampered, foreign or malformed token', () => {
    const token = sut.issue(staff);
    const [h, , s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ username: 'staff', role: 'bureau', displayName: 'x', institution: null, expertId: null, sub: 'u-1' })).toString('base64url');
    expect(sut.verify(`${h}.${forgedPayload}.${s}`)).toBeNull();
    expect(sut.verify(new TokenService('another-secret-another-secret-000002').issue(staff))).toBeNull();
    expect(sut.verify('not.a.token')).toBeNull();
  });

  it('refuses an applicant token without an institution and an expert token without a pool id', () => {
    expect(sut.verify(sut.issue({ ...staff, role: 'applicant' }))).toBeNull();
    expect(sut.verify(sut.issue({ ...staff, role: 'expert' }))).toBeNull();
  });

  it('keeps evidence grants and access tokens apart', () => {
    const grant = sut.issueEvidenceGrant({ expertId: 'e-1', applicationId: 'a-1' });
    expect(sut.verifyEvidenceGrant(grant)).toEqual({ expertId: 'e-1', applicationId: 'a-1' });
    expect(sut.verify(grant)).toBeNull(); // a grant never signs anyone in
    expect(sut.verifyEvidenceGrant(sut.issue(staff))).toBeNull();
    expect(new TokenService('another-secret-another-secret-000002').verifyEvidenceGrant(grant)).toBeNull();
  });

  it('refuses a short secret at construction', () => {
    expect(() => new TokenService('short')).toThrow(/32/);
  });
});

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('staff-dev');
    const b = await hashPassword('staff-dev');
    expect(a).not.toBe(b);
    expect(await verifyPassword('staff-dev', a)).toBe(true);
    expect(await verifyPassword('staff-dev ', a)).toBe(false);
    expect(await verifyPassword('staff-dev', 'garbage')).toBe(false);
  });
});

describe('recipientKeys', () => {
  it('names the institution, the user, the role and the expert inboxes a principal reads', () => {
    expect(recipientKeys({ ...staff, role: 'applicant', institution: '91350200MA2Y0001XE' })).toEqual(['institution:91350200MA2Y0001XE', 'user:u-1', 'role:applicant']);
    expect(recipientKeys({ ...staff, role: 'expert', expertId: 'e-1' })).toEqual(['user:u-1', 'role:expert', 'expert:e-1']);
  });
});
