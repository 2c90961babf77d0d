import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { IsInt, IsOptional, Max, validateSync } from 'class-validator';
import { BEYOND_SCHEMA, isUnavailable, KeysBeyondSchema, onlyBeyondSchema, ProblemDetailsFilter, ValidationProblem } from './problem-details';

/** A dependency that is down or restarting is the caller's 503 (retry), never a 500 (issue 11). */
describe(isUnavailable.name, () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['PostgreSQL shutting down (57P01)', new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command'))],
    ['PostgreSQL starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['Temporal unreachable', Object.assign(new Error('Failed to query workflow'), { name: 'ServiceError', cause: pgError('14') })],
    ['NATS away, on the cause chain', new Error('publish failed', { cause: pgError('CONNECTION_REFUSED') })],
    // Seen in the chaos run: PostgreSQL restarted inside a transaction; TypeORM released its runner and refused the next query.
    ['a transaction whose connection was lost', new QueryRunnerAlreadyReleasedError()],
  ])('%s', (_what, err) => {
    expect(isUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('not %s', (_what, err) => {
    expect(isUnavailable(err)).toBe(false);
  });
});

/** A value the database cannot read as its column's type is the caller's 400, never a 500. */
describe(ProblemDetailsFilter.name, () => {
  const answer = (exception: unknown) => {
    const sent = { status: 0, body: undefined as unknown };
    const res = { setHeader: () => undefined, status: (s: number) => ((sent.status = s), res), type: () => res, json: (b: unknown) => (sent.body = b) };
    const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ originalUrl: '/api/x' }) }) };
    new ProblemDetailsFilter().catch(exception, host as never);
    return sent;
  };

  it('answers a malformed uuid that reached a query (22P02) with a 400 bad-value problem', () => {
    const err = new QueryFailedError('SELECT 1', [], Object.assign(new Error('invalid input syntax for type uuid: "x"'), { code: '22P02' }));
    expect(answer(err)).toMatchObject({ status: 400, body: { type: expect.stringMatching(/bad-value$/), message: { zh: '请求中的某个值格式不正确' } } });
  });

  it('answers fields refused by a rule beyond the schema with 422 refused-fields, and by the schema with 400 validation', () => {
    const errors = [{ field: 'to', reason: { zh: '字段 to 无效', en: 'to is before from' } }];
    expect(answer(new ValidationProblem(errors, 422))).toMatchObject({ status: 422, body: { type: expect.stringMatching(/refused-fields$/), errors } });
    expect(answer(new ValidationProblem(errors))).toMatchObject({ status: 400, body: { type: expect.stringMatching(/validation$/), errors } });
  });

  it('answers a NUL character that reached a query (22021: PostgreSQL text cannot hold it) with a 422 unsupported-character problem', () => {
    const err = new QueryFailedError('SELECT 1', [], Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }));
    expect(answer(err)).toMatchObject({ status: 422, body: { type: expect.stringMatching(/unsupported-character$/), message: { zh: expect.stringContaining('NUL') } } });
  });

  it('answers a NUL bound for a jsonb column (22P05: unsupported Unicode escape) with the same 422', () => {
    const err = new QueryFailedError('INSERT', [], Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }));
    expect(answer(err)).toMatchObject({ status: 422, body: { type: expect.stringMatching(/unsupported-character$/) } });
  });

  it('still answers an unknown fault with a 500', () => {
    expect(answer(new Error('boom')).status).toBe(500);
  });
});

describe(onlyBeyondSchema.name, () => {
  class Staff {
    @IsInt() total!: number;
    @IsInt() @Max(10, BEYOND_SCHEMA) qualified!: number;
  }
  const errorsOf = (v: object) => validateSync(Object.assign(new Staff(), v));

  it('is true only when every failed check is marked BEYOND_SCHEMA', () => {
    expect(onlyBeyondSchema(errorsOf({ total: 5, qualified: 11 }))).toBe(true);
    expect(onlyBeyondSchema(errorsOf({ total: 'five', qualified: 11 }))).toBe(false);
    expect(onlyBeyondSchema(errorsOf({ total: 5, qualified: 'many' }))).toBe(false);
    expect(onlyBeyondSchema([])).toBe(false);
  });

  it('counts a key a KeysBeyondSchema map does not take as beyond the schema, and a bad value as not', () => {
    @KeysBeyondSchema()
    class Years {
      @IsOptional() @IsInt() '2025'?: number;
    }
    const errorsOf = (v: object) => validateSync(Object.assign(new Years(), v), { whitelist: true, forbidNonWhitelisted: true });
    expect(onlyBeyondSchema(errorsOf({ last: 3 }))).toBe(true);
    expect(onlyBeyondSchema(errorsOf({ last: 3, '2025': 'many' }))).toBe(false);
  });
});
