/** The expert screens' texts, merged into TEXT by i18n.tsx. */
export const EXPERT_TEXT = {
} as const satisfies Record<string, { zh: string; en: string }>;
