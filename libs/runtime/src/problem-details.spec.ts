import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isUnavailable } from './problem-details';

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
