import { type AccountContactPayload, type ApplicationSubmittedPayload, type ReportReturnedPayload, type EventEnvelope, EventSubjects, type InAppNotificationInput, type Recipient, Recipients, ROLES } from '@sme/contracts';

export interface ContactUpdate {
  recipient: Recipient;
  email?: string;
  mobile?: string;
  /** An account's role: notices to that role reach this contact too. */
  role?: string;
  disabled?: boolean;
}

/**
 * The contact an event brings for a recipient: an application names how its institution is reached; an account
 * event how a person is (with the role whose notices they get).
 */
export function contactFrom(event: EventEnvelope<unknown>): ContactUpdate | null {
  if (event.subject === EventSubjects.accountContact) {
    const p = event.payload as AccountContactPayload;
    if (typeof p?.userId !== 'string' || !(ROLES as readonly string[]).includes(p.role)) throw new Error('malformed account.contact payload');
    return { recipient: Recipients.user(p.userId), role: p.role, disabled: p.disabled === true, ...(typeof p.email === 'string' ? { email: p.email } : {}) };
  }
  if (event.subject !== EventSubjects.applicationSubmitted) return null;
  const p = event.payload as ApplicationSubmittedPayload;
  const email = typeof p?.contact?.email === 'string' ? p.contact.email : undefined;
  const mobile = typeof p?.contact?.mobile === 'string' && /^1[3-9]\d{9}$/.test(p.contact.mobile) ? p.contact.mobile : undefined;
  if (typeof p?.creditCode !== 'string' || (!email && !mobile)) return null;
  return { recipient: Recipients.institution(p.creditCode), ...(email ? { email } : {}), ...(mobile ? { mobile } : {}) };
}

/**
 * What each domain event tells whom. One notification per (event id, recipient): a redelivered event stores
 * nothing new. Events with nothing to say return [].
 */
export function notificationsFor(event: EventEnvelope<unknown>): InAppNotificationInput[] {
  switch (event.subject) {
    case 'sme.application.submitted': {
      const p = event.payload as ApplicationSubmittedPayload;
      if (typeof p?.creditCode !== 'string' || typeof p?.applicationId !== 'string') throw new Error('malformed application.submitted payload');
      return [
        {
          idempotencyKey: `event:${event.eventId}:institution:${p.creditCode}`,
          recipient: Recipients.institution(p.creditCode),
          kind: 'application.submitted',
          title: { zh: '申报已提交', en: 'Application submitted' },
          body: {
            zh: `${p.institutionName}的${p.callYear}年度申报已提交，编号 ${p.applicationId}。`,
            en: `The ${p.callYear} application of ${p.institutionName} was submitted (${p.applicationId}).`,
          },
        },
      ];
    }
    case 'sme.report.returned': {
      const p = event.payload as ReportReturnedPayload;
      if (typeof p?.creditCode !== 'string' || typeof p?.reportYear !== 'number' || typeof p?.reason !== 'string') throw new Error('malformed report.returned payload');
      return [
        {
          idempotencyKey: `event:${event.eventId}:institution:${p.creditCode}`,
          recipient: Recipients.institution(p.creditCode),
          kind: 'report.returned',
          title: { zh: `${p.reportYear}年度报告被退回修改`, en: `${p.reportYear} annual report returned for correction` },
          body: {
            zh: `服务中心退回了${p.institutionName}的${p.reportYear}年度报告，请修改后重新报送（第十五条）。理由：${p.reason}`,
            en: `The center returned the ${p.reportYear} annual report of ${p.institutionName}; please correct and file it again (Art. 15). Reason: ${p.reason}`,
          },
        },
      ];
    }
    default:
      return [];
  }
}
