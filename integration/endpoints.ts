import { DEV_INSTITUTION, type Role, ROLES } from '@sme/auth';

export type Service = 'applications' | 'scoring' | 'notifications';
export type Access = 'public' | readonly Role[];

const ALL: readonly Role[] = ROLES;
const OVERSIGHT: readonly Role[] = ['staff', 'bureau', 'auditor'];

/**
 * Who may call what: every endpoint of every service, and no other. The test fails when a service grows an
 * endpoint missing here (a gap) or loses one listed here (stale), so the table stays the whole truth.
 */
export const MATRIX: Record<Service, Record<string, Access>> = {
  applications: {
    'GET /api/health': 'public',
    'GET /api/ready': 'public',
    'GET /metrics': 'public',
    'POST /api/auth/sign-in': 'public',
    'GET /api/auth/me': ALL,
    'POST /api/applications': ['applicant'],
    'POST /api/drafts': ['applicant'],
    'GET /api/drafts': ['applicant'],
    'GET /api/drafts/{id}': ['applicant'],
    'PUT /api/drafts/{id}': ['applicant'],
    'POST /api/drafts/{id}/submit': ['applicant'],
    'POST /api/drafts/{id}/evidence': ['applicant'],
    'GET /api/drafts/{id}/evidence': ['applicant'],
    'GET /api/applications': ['applicant', ...OVERSIGHT],
    'GET /api/applications/{id}': ['applicant', ...OVERSIGHT],
    'POST /api/applications/{id}/materials': ['applicant'],
    'POST /api/applications/{id}/site-visit': ['staff'],
    'POST /api/applications/{id}/closure': ['staff'],
    'POST /api/applications/{id}/evidence': ['applicant'],
    'GET /api/applications/{id}/evidence': ['applicant', ...OVERSIGHT, 'expert'],
    'GET /api/evidence/{id}': ['applicant', ...OVERSIGHT, 'expert'],
    'GET /api/calls': 'public',
    'POST /api/calls/{year}/start': ['staff'],
    'PUT /api/calls/{year}': ['staff'],
    'POST /api/eligibility/check': 'public',
    'POST /api/enterprises/classify': 'public',
    'GET /api/calendar/notice-period': 'public',
    'GET /api/calendar/report-deadline': 'public',
    'GET /api/calendar/years': 'public',
    'PUT /api/calendar/years/{year}': ['staff'],
    'GET /api/calendar/days/{date}': 'public',
    'GET /api/credit-codes/{code}': 'public',
    'GET /api/policies': 'public',
    'GET /api/policies/{id}': 'public',
    'GET /api/public/platforms': 'public',
    'GET /api/calls/{year}/status': [...OVERSIGHT, 'operator'],
    'POST /api/calls/{year}/deadline': ['staff', 'bureau'],
    'POST /api/calls/{year}/candidate-list': ['staff'],
    'POST /api/calls/{year}/review': ['bureau'],
    'GET /api/public/notices': 'public',
    'GET /api/public/notices/{noticeId}': 'public',
    'POST /api/public/notices/{noticeId}/objections': 'public',
    'GET /api/notices/{noticeId}': OVERSIGHT,
    'POST /api/notices/{noticeId}/objections/{objectionId}/resolution': ['staff'],
    'POST /api/notices/{noticeId}/end-confirmation': ['staff'],
    'POST /api/platform-imports/dry-run': ['staff'],
    'POST /api/platform-imports': ['staff'],
    'GET /api/platform-imports/{importId}': ['staff', 'operator'],
    'GET /api/platforms': [...OVERSIGHT, 'operator'],
    'GET /api/platforms/{creditCode}': ['applicant', ...OVERSIGHT, 'operator'],
    'GET /api/platforms/{creditCode}/reports': ['applicant', ...OVERSIGHT],
    'POST /api/platforms/{creditCode}/reports': ['applicant'],
    'POST /api/platforms/{creditCode}/revocation': ['bureau'],
    'POST /api/platforms/{creditCode}/revocation-decision': ['bureau'],
    'POST /api/platforms/{creditCode}/late-report-decision': ['staff'],
    'POST /api/platforms/{creditCode}/recommendations': ['bureau'],
    'GET /api/evaluations/{year}': [...OVERSIGHT, 'operator'],
    'POST /api/evaluations/{year}/scores': ['staff'],
    'GET /api/audit/verify': ['auditor', 'bureau', 'operator'],
    'GET /api/audit/events': ['auditor', 'bureau', 'operator'],
    'GET /api/operations/overview': ['operator', 'bureau'],
  },
  scoring: {
    'GET /api/health': 'public',
    'GET /api/ready': 'public',
    'GET /metrics': 'public',
    'POST /api/experts': ['staff'],
    'GET /api/experts': OVERSIGHT,
    'GET /api/experts/{id}': OVERSIGHT,
    'POST /api/applications/{applicationId}/panel': ['staff'],
    'GET /api/applications/{applicationId}/scores': [...OVERSIGHT, 'expert'],
    'GET /api/assignments': [...OVERSIGHT, 'expert'],
    'GET /api/assignments/{id}': [...OVERSIGHT, 'expert'],
    'POST /api/assignments/{id}/declaration': ['expert'],
    'POST /api/assignments/{id}/replacement': ['staff'],
    'GET /api/assignments/{id}/application': ['expert', 'staff'],
    'POST /api/assignments/{id}/score': ['expert'],
    'GET /api/assignments/{id}/evidence-grant': ['expert'],
    'GET /api/calls/{year}/ranking': OVERSIGHT,
    'GET /api/calls/{year}/ranking.xlsx': OVERSIGHT,
  },
  notifications: {
    'GET /api/health': 'public',
    'GET /api/ready': 'public',
    'GET /metrics': 'public',
    'GET /api/notifications': ALL,
    'GET /api/notifications/dead-letters': ['operator'],
    'GET /api/notifications/deliveries': ['operator'],
  },
};

export const PLACEHOLDERS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  applicationId: '00000000-0000-4000-8000-000000000000',
  year: '2031',
  code: DEV_INSTITUTION,
  date: '2026-10-01',
  noticeId: '2031-1',
  objectionId: '2031-1-O1',
  creditCode: DEV_INSTITUTION,
  importId: '0123456789abcdef',
};

/** The first role the matrix allows on an endpoint (public: none needed). */
export function allowedRole(access: Access): Role | null {
  return access === 'public' ? null : access[0]!;
}
