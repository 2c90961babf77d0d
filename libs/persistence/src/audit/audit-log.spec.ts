import { auditHash, canonicalJson, GENESIS_HASH } from './audit-log';

describe(canonicalJson.name, () => {
  it('orders keys at every level, so equal data hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"e":0,"f":1}]},"b":1}');
  });
});

describe(auditHash.name, () => {
  const e = { seq: 1, occurredAt: '2026-11-27T10:00:00.000Z', actor: 'staff-1', action: 'call.started', entityType: 'call', entityId: '2026', data: { quota: 10 } };
  it('changes with any field and with the previous hash', () => {
    const sut = auditHash(GENESIS_HASH, e);
    expect(sut).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...e, data: { quota: 11 } })).not.toBe(sut);
    expect(auditHash(GENESIS_HASH, { ...e, actor: 'staff-2' })).not.toBe(sut);
    expect(auditHash('1'.repeat(64), e)).not.toBe(sut);
    expect(auditHash(GENESIS_HASH, { ...e, data: { quota: 10 } })).toBe(sut);
  });
});
