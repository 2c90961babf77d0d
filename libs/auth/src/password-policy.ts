import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** The shortest password accepted. */
export const PASSWORD_MIN_LENGTH = 10;
/** zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable" against an offline attack on a slow hash. */
const MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;

export interface PasswordRefusal {
  code: 'password-too-short' | 'password-too-long' | 'password-too-common' | 'password-too-guessable';
  zh: string;
  en: string;
}

/**
 * The password policy: at least ten characters, and not guessable by zxcvbn-ts (its common-password, name and
 * keyboard-pattern dictionaries, plus the person's own username, name and email), so "password123", "1qaz2wsx3edc"
 * or one's own username with digits are refused. Returns null when the password is acceptable.
 */
export function checkPassword(password: string, personal: Array<string | null | undefined> = []): PasswordRefusal | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return { code: 'password-too-short', zh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `a password needs at least ${PASSWORD_MIN_LENGTH} characters` };
  }
  if (length > 256) return { code: 'password-too-long', zh: '密码不能超过 256 个字符', en: 'a password may have at most 256 characters' };
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = personal.flatMap((p) => (p ? [p, ...p.split(/[@._\-\s]+/).filter((x) => x.length >= 3)] : []));
  const result = zxcvbn.check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const common = result.sequence.some((m) => m.pattern === 'dictionary' && m.token.length >= length - 4);
  return common
    ? { code: 'password-too-common', zh: '该密码过于常见或与您的账号信息相近，请换一个', en: 'this password is too common or too close to your account details: choose another' }
    : { code: 'password-too-guessable', zh: '该密码容易被猜出，请使用更长、更不规则的密码（例如几个不相关的词组合）', en: 'this password is easy to guess: use a longer, less regular one (for example several unrelated words)' };
}
