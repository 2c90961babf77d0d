/** Injection tokens of the applications service. */
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
