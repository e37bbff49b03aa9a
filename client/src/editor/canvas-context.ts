import type { Role } from "@comic-studio/shared";
import { createContext, useContext } from "react";
import type { CollabSession, CollabState } from "./collab-session.ts";

export interface CanvasContextValue {
  session: CollabSession;
  state: CollabState;
  role: Role;
  /** The page document follows a newer schema than this build: reload. */
  outdated: boolean;
  readonly: boolean;
}

export const CanvasContext = createContext<CanvasContextValue | null>(null);

export function useCanvasContext(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (!value) throw new Error("useCanvasContext outside <PageCanvas>");
  return value;
}
