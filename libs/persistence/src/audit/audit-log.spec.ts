import type { EntityManager } from 'typeorm';
import { appendAudit, auditHash, canonicalJson, GENESIS_HASH } from './audit-log';

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

describe(appendAudit.name, () => {
  it('holds the chain for two statements: the seal row locked and read, then the event written with its seal', async () => {
    const sent: string[] = [];
    const head = 'a'.repeat(64);
    const m = {
      query: async (sql: string) => {
        sent.push(sql);
        return /FOR UPDATE/.test(sql) ? [{ seq: '7', hash: head }] : [];
      },
    } as unknown as EntityManager;
    const sut = await appendAudit(m, { actor: 'user:staff', action: 'call.set', entityType: 'call', entityId: '2026', data: { quota: 10 } });
    expect(sut).toMatchObject({ seq: 8, prevHash: head });
    expect(sut.hash).toBe(auditHash(head, sut));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/FROM applications\.audit_seal WHERE id = 1 FOR UPDATE/);
    expect(sent.join('\n')).not.toMatch(/advisory/);
  });
});
