/**
 * Escalations to a role that are gathered into one digest notice (and one email) per role, kind and burst: on the
 * first day, thousands of imported platforms are found late at once, and staff must get one list, not thousands of
 * messages. Each is still stored on its own (its idempotency key, its record), with the digest it went into.
 */
export const DIGESTS: Readonly<Record<string, { label: { zh: string; en: string }; article: string }>> = {
  // The late annual report (第十五条) and the overdue rectification (第十九条) reach staff as escalations.
  'report.overdue': { label: { zh: '年度报告逾期', en: 'Annual reports overdue' }, article: '第十五条' },
  'rectification.overdue': { label: { zh: '整改报告逾期', en: 'Rectification reports overdue' }, article: '第十九条' },
};

/** How many gathered escalations a digest names; the rest are counted. */
export const DIGEST_LISTED = 50;

/** How long a digest gathers at most from its first escalation, in quiet windows. */
export const DIGEST_MAX_WINDOWS = 6;

type Text = { zh: string; en: string };

/** A digest's title and body: how many it gathers, and the first DIGEST_LISTED of them by their own titles. */
export function renderDigest(kind: string, count: number, listed: Text[]): { title: Text; body: Text } {
  const d = DIGESTS[kind];
  if (!d) throw new Error(`no digest for ${kind}`);
  const more = count - listed.length;
  return {
    title: { zh: `${d.label.zh}（${count}项）`, en: `${d.label.en} (${count})` },
    body: {
      zh: [`以下 ${count} 项${d.label.zh}（${d.article}），请跟进：`, ...listed.map((t, i) => `${i + 1}. ${t.zh}`), ...(more > 0 ? [`……另有 ${more} 项，请登录系统查看`] : [])].join('\n'),
      en: [`${count} to follow up (${d.article}):`, ...listed.map((t, i) => `${i + 1}. ${t.en}`), ...(more > 0 ? [`... and ${more} more: sign in to see them all`] : [])].join('\n'),
    },
  };
}
