/** Injection tokens of the notifications service. */
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
