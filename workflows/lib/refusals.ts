import { ApplicationFailure } from '@temporalio/workflow';

/**
 * A decision a workflow will not take, typed: a stable `code` (the failure's type), the article it rests on, and the
 * reason in Chinese and English. `message` is "<English> / <中文>"; the services turn it into an RFC 9457 problem
 * with `code` and `article` (libs/runtime `rethrowAsRefusal`).
 */
export interface RefusalDetails {
  code: string;
  article: string | null;
  zh: string;
  en: string;
}

export function refuse(code: string, article: string | null, message: string): ApplicationFailure {
  const at = message.lastIndexOf(' / ');
  const en = at < 0 ? message : message.slice(0, at);
  const zh = at < 0 ? message : message.slice(at + 3);
  const details: RefusalDetails = { code, article, zh, en };
  return ApplicationFailure.create({ type: code, message, details: [details], nonRetryable: true });
}
