import { HttpException } from '@nestjs/common';

/**
 * An HTTP refusal carrying its RFC 9457 slug and bilingual text in the response body, which the services'
 * problem-details filter renders (libs/runtime reads the `problem` field; this library depends on nothing of ours).
 */
export class AccessProblem extends HttpException {
  constructor(status: 401 | 403 | 404 | 503, slug: string, text: { zh: string; en: string }) {
    super({ problem: { slug, ...text } }, status);
  }
}

export const notSignedIn = (why: { zh: string; en: string }) => new AccessProblem(401, 'unauthenticated', why);
export const forbidden = (why: { zh: string; en: string }) => new AccessProblem(403, 'forbidden', why);
