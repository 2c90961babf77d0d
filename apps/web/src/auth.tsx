import { createContext, useContext } from 'react';

import type { Principal } from '@sme/auth/roles';

export { ROLE_NAMES, type Principal, type Role } from '@sme/auth/roles';

export const AuthContext = createContext<{
  principal: Principal | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => void;
}>({ principal: null, signIn: async () => undefined, signOut: () => undefined });

export const useAuth = () => useContext(AuthContext);
