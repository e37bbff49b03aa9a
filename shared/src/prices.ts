/**
 * Credit prices ("Buzz" in the product plan), one table for every service.
 * Source: product plan, "Buzz-Based Pricing" and "Pricing for Environment Features".
 */
export const PRICES = {
  characterSetup: 100,
  styleExtraction: 0,
  styleImport: 20,
  stylePreview: 0,
  environmentGeneration: 20,
  locationLock: 30,
  useSavedLocation: 0,
  panelGeneration: 25,
  regenerateAnchor: 10,
  inpainting: 15,
  highResExportPerPanel: 10,
  standardExport: 0,
} as const satisfies Record<string, number>;

export type PricedAction = keyof typeof PRICES;

/** Credits every account receives each month on the free tier (plan: 500 Buzz/month). */
export const FREE_MONTHLY_ALLOWANCE = 500;

/** How long a credit reservation holds before it is released automatically. */
export const RESERVATION_TTL_MS = 5 * 60_000;

/** Quality-control thresholds from the plan's "Quality Control System". */
export const THRESHOLDS = {
  faceMatch: 0.85,
  bodyProportions: 0.8,
  clothingMatch: 0.75,
  styleConsistency: 0.8,
  overall: 0.8,
  /** "Composition quality: lighting harmony score" (Environment Generation Quality Checks). */
  compositionHarmony: 0.8,
} as const;
