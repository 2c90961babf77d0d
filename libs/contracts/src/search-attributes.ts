import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, registered on each Temporal namespace by infra/up.sh, so that operators can list
 * e.g. "all applications awaiting internal review in 2026".
 */
export const SearchAttributeKeys = {
  Stage: defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD),
  CallYear: defineSearchAttributeKey('CallYear', SearchAttributeType.INT),
  CreditCode: defineSearchAttributeKey('CreditCode', SearchAttributeType.KEYWORD),
} as const;

/** The same list as `temporal` CLI flags understand it (name=Type). */
export const SEARCH_ATTRIBUTE_FLAGS = ['Stage=Keyword', 'CallYear=Int', 'CreditCode=Keyword'] as const;
