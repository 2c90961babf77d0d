import { eventually } from './fake-services';

describe('eventually', () => {
  it('names what never came, with the last answer it had', async () => {
    await expect(eventually(async () => 'pending', (v) => v === 'done', 'the report', 3)).rejects.toThrow('never reached: the report; last: "pending"');
  });

  it('throws what a read threw, as before', async () => {
    await expect(eventually(() => Promise.reject(new Error('workflow not found')), () => true, 'anything')).rejects.toThrow('workflow not found');
  });
});
