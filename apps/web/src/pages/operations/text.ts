/** The operations screens' texts, merged into TEXT by i18n.tsx. */
export const OPERATIONS_TEXT = {
} as const satisfies Record<string, { zh: string; en: string }>;
