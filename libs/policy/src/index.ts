// libs/policy: the rules of 厦工信企业规〔2021〕114号 as pure functions. Imports nothing from Nest, TypeORM,
// NATS or Temporal (lint enforces it), so workflows and services share it.
export * from './completeness';
export * from './dates';
export * from './decimal';
export * from './money';
export * from './calendar';
export * from './calendar-snapshots';
export * from './statutory-holidays';
export * from './periods';
export * from './policy-version';
export * from './policies';
export * from './evaluation';
export * from './annual-report';
export * from './eligibility';
export * from './site-visit';
export * from './eligibility-facts';
export * from './enterprise-size';
export * from './credit-code';
export * from './panel';
export * from './conflicts';
export * from './platform-import';
