import { byDeadline, type WorkRow } from './workbench';

const row = (id: string, deadline: string | null): WorkRow => ({ id, label: id, deadline, overdue: false, link: '/' });

describe(byDeadline.name, () => {
  it('puts the soonest deadline first and rows without one last, then by label', () => {
    const rows = [row('c', null), row('b', '2027-02-28T16:00:00.000Z'), row('a', '2026-12-31T16:00:00.000Z'), row('d', null)];
    expect([...rows].sort(byDeadline).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
