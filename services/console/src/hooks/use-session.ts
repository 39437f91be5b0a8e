import { createContext, useContext } from 'react';
import type { SessionDetailFragment as Session } from '../api/generated/graphql';

export interface SessionValue {
  session: Session | undefined;
  isRoot: boolean;
  signIn: (session: Session) => void;
  signOut: () => void;
}

export const SessionContext = createContext<SessionValue>({
  session: undefined,
  isRoot: false,
  signIn: () => undefined,
  signOut: () => undefined,
});

export const useSession = (): SessionValue => useContext(SessionContext);
