// libs/policy: the rules of 厦工信企业规〔2021〕114号 as pure functions. Imports nothing from Nest, TypeORM,
// NATS or Temporal (lint enforces it), so workflows and services share it.
export * from './completeness';
