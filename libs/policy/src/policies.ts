import { PolicyRegistry } from './policy-version';
import { XIAMEN_2021_114 } from './versions/xiamen-2021-114';

/** The versions shipped with the system; further versions are added as data (`POLICIES.with(v)`). */
export const POLICIES = new PolicyRegistry([XIAMEN_2021_114]);
export { XIAMEN_2021_114 };
