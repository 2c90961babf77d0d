// libs/auth: roles, JWT access tokens, password hashing and the global access guard every service installs.
export * from './roles';
export * from './passwords';
export * from './tokens';
export * from './access';
export * from './problems';
export * from './dev-users';
export * from './password-policy';
export * from './totp';
