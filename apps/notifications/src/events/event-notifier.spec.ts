import { backoffMs, MAX_DELIVERIES } from './event-consumer.service';
import { notificationsFor } from './event-notifier';

describe(notificationsFor.name, () => {
  const event = {
    eventId: 'e-1',
    subject: 'sme.application.submitted' as const,
    occurredAt: '2026-11-27T00:00:00Z',
    payload: { applicationId: 'a-1', creditCode: '91350200MA8DEM018T', institutionName: '甲', callYear: 2026 },
  };

  it('tells the applicant its application was submitted, keyed by the event id', () => {
    const sut = notificationsFor(event);
    expect(sut).toEqual([expect.objectContaining({ idempotencyKey: 'event:e-1:institution:91350200MA8DEM018T', recipient: 'institution:91350200MA8DEM018T', kind: 'application.submitted' })]);
    expect(sut[0]!.body.zh).toContain('2026');
  });

  it('refuses a malformed payload, so the message is retried and then parked', () => {
    expect(() => notificationsFor({ ...event, payload: {} })).toThrow(/malformed/);
  });
});

describe('redelivery backoff', () => {
  it('doubles from 1 s and parks after the last delivery', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20)).toBe(60_000);
    expect(MAX_DELIVERIES).toBe(5);
  });
});
