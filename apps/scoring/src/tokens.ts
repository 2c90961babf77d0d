/** Injection tokens of the scoring service. */
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
