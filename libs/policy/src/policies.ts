import { PolicyRegistry } from './policy-version';
import { XIAMEN_2021_114 } from './versions/xiamen-2021-114';
import { IndicatorSetRegistry } from './evaluation';
import { INDICATORS_XIAMEN_2021_114_PROVISIONAL } from './versions/indicators-xiamen-2021-114';

/** The versions shipped with the system; further versions are added as data (`POLICIES.with(v)`). */
export const POLICIES = new PolicyRegistry([XIAMEN_2021_114]);

/** The ids of the policy versions (what a request may name as `policyVersion`). */
export const POLICY_VERSION_IDS: readonly string[] = POLICIES.list().map((p) => p.id);
export { XIAMEN_2021_114 };

/** The Annex 3 indicator sets shipped with the system (第十九条); the official Annex 3 or new weights are added as data (`INDICATOR_SETS.with(set)`). */
export const INDICATOR_SETS = new IndicatorSetRegistry([INDICATORS_XIAMEN_2021_114_PROVISIONAL]);
export { INDICATORS_XIAMEN_2021_114_PROVISIONAL };
