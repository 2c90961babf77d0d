import { TokenService } from './tokens';

// jsonwebtoken takes createPublicKey from crypto when it loads: watched here before anything requires it.
jest.mock('crypto', () => {
  const actual = jest.requireActual<typeof import('crypto')>('crypto');
  return { ...actual, createPublicKey: jest.fn(actual.createPublicKey) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mocked module, as jsonwebtoken sees it
const { createPublicKey } = require('crypto') as { createPublicKey: jest.Mock };

describe(TokenService.name, () => {
  const sut = new TokenService('a-secret-of-at-least-thirty-two-characters');
  const staff = { sub: 'u-1', username: 'staff', role: 'staff' as const, displayName: '服务中心', institution: null, expertId: null };

  it('verifies a token without parsing its secret as a key on each request', () => {
    const token = sut.issue(staff);
    createPublicKey.mockClear();
    for (let i = 0; i < 3; i++) expect(sut.verify(token)).toEqual(staff);
    expect(createPublicKey).not.toHaveBeenCalled();
  });

  it('still refuses a token signed with another secret', () => {
    expect(sut.verify(new TokenService('another-secret-of-thirty-two-characters!').issue(staff))).toBeNull();
  });
});
