import 'reflect-metadata';
import type { Principal } from '@sme/auth';
import { DEV_JWT_SECRET, DomainProblem, type RuntimeConfig, type TemporalClientHolder } from '@sme/runtime';
import type { DataSource } from 'typeorm';
import { PanelService } from './panel.service';

const STAFF: Principal = { sub: 'u-s', username: 'staff', role: 'staff', displayName: 'S', institution: null, expertId: null };
const EXPERT: Principal = { sub: 'u-e1', username: 'e1', role: 'expert', displayName: 'E1', institution: null, expertId: 'e1' };
const zero = { performance: 0, capability: 0, management: 0, staff: 0, functions: 0, innovation: 0 };

/**
 * What the decision log answers (libs/persistence decideOnce): nothing decided before, a new row each time; and the
 * audit chain's head when appendAudit locks it (an empty trail's genesis).
 */
const decisionLog = async (sql: string) =>
  sql.includes('INSERT INTO applications.decision') ? [{ key: 'k' }] : sql.includes('FROM applications.audit_seal') ? [{ seq: '0', hash: '0'.repeat(64) }] : [];

/** A database of one declared assignment, recording what is written to it. */
function fakeDatabase() {
  const row = { id: 'a1', applicationId: 'app1', expertId: 'e1', state: 'declared', policyVersion: 'xiamen-2021-114' };
  const inserted: Array<Record<string, unknown>> = [];
  const m = {
    getRepository: () => ({ findOne: async () => row }),
    insert: async (_entity: unknown, values: Record<string, unknown>) => void inserted.push(values),
    save: async (x: unknown) => x,
    query: decisionLog,
  };
  const dataSource = { transaction: async (work: (em: typeof m) => Promise<unknown>) => work(m), manager: m } as unknown as DataSource;
  return { dataSource, inserted, row };
}

function fakeTemporal() {
  const updates: unknown[] = [];
  const handle = { executeUpdate: async (_u: unknown, o: { args: unknown[] }) => void updates.push(o.args[0]) };
  const temporal = { client: { workflow: { getHandle: () => handle }, withDeadline: (_d: number, f: () => unknown) => f() } } as unknown as TemporalClientHolder;
  return { temporal, updates };
}

/** An application awaiting its panel, a pool of clean experts, and what assigning writes and sends. */
function fakeAssignment(policyVersion = 'xiamen-2021-114') {
  const pool = Array.from({ length: 15 }, (_, i) => ({ id: `00000000-0000-4000-8000-0000000000${String(i + 10)}`, active: true, employerCreditCode: null, relationships: [] }));
  const saved: unknown[][] = [];
  const updates: unknown[] = [];
  const m = {
    getRepository: () => ({ count: async () => 0, find: async () => pool }),
    create: (_entity: unknown, x: unknown) => x,
    save: async (rows: unknown[]) => (saved.push(rows), rows),
    query: decisionLog,
  };
  const dataSource = { transaction: async (work: (em: typeof m) => Promise<unknown>) => work(m), getRepository: m.getRepository, manager: m } as unknown as DataSource;
  const status = { applicant: { creditCode: '91350200MA8DEM018T', institutionName: '厦门市某服务中心', callYear: 2026, policyVersion } };
  const handle = {
    query: async () => status,
    describe: async () => ({ startTime: new Date('2026-04-01T02:00:00Z'), status: { name: 'RUNNING' } }),
    executeUpdate: async (_u: unknown, o: { args: unknown[] }) => void updates.push(o.args[0]),
  };
  const temporal = { client: { workflow: { getHandle: () => handle }, withDeadline: (_d: number, f: () => unknown) => f() } } as unknown as TemporalClientHolder;
  return { dataSource, temporal, pool: pool.map((e) => e.id), saved, updates };
}

async function refusal(p: Promise<unknown>): Promise<DomainProblem> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainProblem) return err;
    throw err;
  }
  throw new Error('expected a DomainProblem');
}

describe(PanelService.name, () => {
  const config = { jwtSecret: DEV_JWT_SECRET } as RuntimeConfig;

  describe('assign', () => {
    const APP = '00000000-0000-4000-8000-0000000000a1';

    it.each([1, 2, 4])('refuses a panel of %i under xiamen-2021-114 (panel-too-small, 422, 第十二条) and invites nobody', async (n) => {
      const f = fakeAssignment();
      const sut = new PanelService(f.dataSource, f.temporal, config);
      const err = await refusal(sut.assign(APP, { expertIds: f.pool.slice(0, n), partnerCreditCodes: [], dueInDays: 5 }, STAFF));
      expect(err.getStatus()).toBe(422);
      expect(err.slug).toBe('panel-too-small');
      expect(err.article).toBe('第十二条');
      expect(err.extensions).toEqual({ minExperts: 5, named: n, policyVersion: 'xiamen-2021-114' });
      expect(err.text).toEqual({ zh: `评审专家不少于 5 名（第十二条，政策版本默认值），现指派 ${n} 名`, en: `a panel needs at least 5 experts (Art. 12, the policy version's default); ${n} named` });
      expect(f.saved).toEqual([]);
      expect(f.updates).toEqual([]);
    });

    it.each([5, 7])('invites a panel of %i and tells the workflow', async (n) => {
      const f = fakeAssignment();
      const sut = new PanelService(f.dataSource, f.temporal, config);
      const rows = await sut.assign(APP, { expertIds: f.pool.slice(0, n), partnerCreditCodes: [], dueInDays: 5 }, STAFF);
      expect(rows).toHaveLength(n);
      expect(f.updates).toEqual([{ expertIds: f.pool.slice(0, n), dueInDays: 5 }]);
    });

    it('refuses an application bound to a policy version the service does not know (unknown-policy, 409)', async () => {
      const f = fakeAssignment('nowhere-2099');
      const sut = new PanelService(f.dataSource, f.temporal, config);
      const err = await refusal(sut.assign(APP, { expertIds: f.pool.slice(0, 5), partnerCreditCodes: [], dueInDays: 5 }, STAFF));
      expect([err.getStatus(), err.slug]).toEqual([409, 'unknown-policy']);
    });
  });

  describe('submitScore', () => {
    it('takes 8.2, 0.29, 1.13, 4.35 and 19.99, as numbers or strings, totals them exactly and records numbers', async () => {
      const db = fakeDatabase();
      const t = fakeTemporal();
      const sut = new PanelService(db.dataSource, t.temporal, config);
      const scores = { performance: 8.2, capability: '0.29', management: 1.13, staff: '4.35', functions: 19.99, innovation: '0' };
      const res = await sut.submitScore('a1', { scores }, EXPERT);
      expect(res.total).toBe('33.96');
      const exact = { performance: 8.2, capability: 0.29, management: 1.13, staff: 4.35, functions: 19.99, innovation: 0 };
      expect(db.inserted).toEqual([expect.objectContaining({ criteria: exact, total: '33.96' })]);
      expect(t.updates).toEqual([{ expertId: 'e1', scores: exact }]);
    });

    it.each([[8.205], ['25.01'], [26]])('refuses %p with the rubric refusal (422, 第十二条) naming the criterion, and records nothing', async (bad) => {
      const db = fakeDatabase();
      const t = fakeTemporal();
      const sut = new PanelService(db.dataSource, t.temporal, config);
      const err = await refusal(sut.submitScore('a1', { scores: { ...zero, performance: bad } }, EXPERT));
      expect(err.getStatus()).toBe(422);
      expect(err.slug).toBe('rubric');
      expect(err.article).toBe('第十二条');
      expect(err.extensions).toEqual({ criterion: 'performance' });
      expect(err.text.zh).toContain('评分项 performance 须为 0 至 25 之间、最多两位小数的数');
      expect(err.text.en).toContain('score for performance must be 0..25 with at most two places');
      expect(db.inserted).toEqual([]);
      expect(t.updates).toEqual([]);
    });

    it('takes 25 at the maximum of 25', async () => {
      const db = fakeDatabase();
      const sut = new PanelService(db.dataSource, fakeTemporal().temporal, config);
      expect((await sut.submitScore('a1', { scores: { ...zero, performance: 25 } }, EXPERT)).total).toBe('25.00');
    });
  });
});
