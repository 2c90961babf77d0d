import { eventually } from './fake-services';

describe('eventually', () => {
  it('asks again when a read gets no answer (a query the time-skipping server lost), and returns the next answer', async () => {
    let asked = 0;
    const read = (): Promise<string> => (++asked === 1 ? new Promise<string>(() => undefined) : Promise.resolve('done'));
    await expect(eventually(read, (v) => v === 'done', 'the second answer')).resolves.toBe('done');
    expect(asked).toBe(2);
  }, 10_000);

  it('names what never came, with the last answer it had', async () => {
    await expect(eventually(async () => 'pending', (v) => v === 'done', 'the report', 3)).rejects.toThrow('never reached: the report; last: "pending"');
  });

  it('throws what a read threw, as before', async () => {
    await expect(eventually(() => Promise.reject(new Error('workflow not found')), () => true, 'anything')).rejects.toThrow('workflow not found');
  });
});
