import { createContext, useContext } from 'react';

import type { Principal } from '@sme/auth/roles';

export { ROLE_NAMES, type Principal, type Role } from '@sme/auth/roles';

/** What a sign-in (or a link that signs in) answers. */
export interface SignedIn {
  accessToken: string;
  principal: Principal;
}

export const AuthContext = createContext<{
  principal: Principal | null;
  signIn: (username: string, password: string, totp?: string) => Promise<Principal>;
  /** Keeps the token a link or an enrolment gave. */
  adopt: (s: SignedIn) => void;
  signOut: () => void;
}>({ principal: null, signIn: async () => Promise.reject(new Error('no auth')), adopt: () => undefined, signOut: () => undefined });

export const useAuth = () => useContext(AuthContext);

/** Where a person lands after signing in: their workbench (an administrator, who decides nothing: the accounts). */
export function homeOf(p: Principal): string {
  if (p.mustEnrolTotp) return '/account';
  return p.role === 'admin' ? '/admin/accounts' : '/workbench';
}
