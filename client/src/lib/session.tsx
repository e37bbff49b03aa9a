import { authEndpoints as auth, type SessionUser } from "@comic-studio/shared";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { call } from "./api.ts";

interface SessionValue {
  /** undefined while loading, null when signed out. */
  user: SessionUser | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string, displayName: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    call(auth.me)
      .then((r) => setUser(r.user))
      .catch(() => setUser(null));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const r = await call(auth.signIn, { body: { email, password } });
    setUser(r.user);
  }, []);
  const signUp = useCallback(async (email: string, password: string, displayName: string) => {
    const r = await call(auth.signUp, { body: { email, password, displayName } });
    setUser(r.user);
  }, []);
  const signOut = useCallback(async () => {
    await call(auth.signOut);
    setUser(null);
  }, []);

  return (
    <SessionContext.Provider value={{ user, signIn, signUp, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
