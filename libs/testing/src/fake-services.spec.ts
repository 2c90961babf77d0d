import { eventually } from './fake-services';
import { boundReadsBy } from './read-deadline';

describe('eventually', () => {
  it('names what never came, with the last answer it had', async () => {
    await expect(eventually(async () => 'pending', (v) => v === 'done', 'the report', 3)).rejects.toThrow('never reached: the report; last: "pending"');
  });

  it('throws what a read threw, as before', async () => {
    await expect(eventually(() => Promise.reject(new Error('workflow not found')), () => true, 'anything')).rejects.toThrow('workflow not found');
  });

  describe('with reads bounded by a connection', () => {
    // A connection that ends a call at its deadline as the SDK's does: a gRPC DEADLINE_EXCEEDED error.
    const connection = {
      withDeadline: <R>(deadline: number, fn: () => Promise<R>) =>
        Promise.race([
          fn(),
          new Promise<never>((_, reject) => setTimeout(() => reject(Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 /* DEADLINE_EXCEEDED */, details: 'Deadline exceeded', metadata: {} })), deadline - Date.now())),
        ]),
    };
    beforeEach(() => boundReadsBy(connection, 100));
    afterEach(() => boundReadsBy(undefined));

    it('asks again when a read gets no answer in time (a query the server lost)', async () => {
      let asked = 0;
      const read = () => (++asked === 1 ? new Promise<string>(() => undefined) : Promise.resolve('done'));
      await expect(eventually(read, (v) => v === 'done', 'the answer')).resolves.toBe('done');
      expect(asked).toBe(2);
    });

    it('still throws what a read threw', async () => {
      await expect(eventually(() => Promise.reject(new Error('workflow not found')), () => true, 'anything')).rejects.toThrow('workflow not found');
    });
  });
});
