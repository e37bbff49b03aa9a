import type { PanelShape } from "@comic-studio/shared";
import { createContext, useContext } from "react";

/**
 * What the buttons on a panel do. The generation UI (another part of the app) supplies
 * `retry`; without `chooseVariation` a chosen variation simply becomes the panel's image.
 */
export interface PanelActions {
  /** Retry a failed or cancelled generation of this panel. */
  retry?(panel: PanelShape): void;
  /** Make variation `index` the panel's image (and record it as a panel version). */
  chooseVariation?(panel: PanelShape, index: number): void;
}

export const PanelActionsContext = createContext<PanelActions>({});

export function usePanelActions(): PanelActions {
  return useContext(PanelActionsContext);
}
