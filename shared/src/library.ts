import { z } from "zod";

/**
 * The character, location and style library: anchor specs, location variants, nearest-anchor
 * choice and the library queue's job payloads. Pure code shared by api, worker and client.
 * Source: product plan, "Anchor Library System", "Camera/Perspective System", "Style Preview".
 */

/** The plan's six anchor angles, in turning order (front, then clockwise seen from above). */
export const ANCHOR_ANGLES = [
  "front",
  "three-quarter-right",
  "side-right",
  "back",
  "side-left",
  "three-quarter-left",
] as const;
export type AnchorAngle = (typeof ANCHOR_ANGLES)[number];

export const ANCHOR_EXPRESSIONS = ["neutral", "happy", "sad", "angry", "surprised"] as const;
export type AnchorExpression = (typeof ANCHOR_EXPRESSIONS)[number];

export const ANCHOR_POSES = ["standing", "sitting", "action"] as const;
export type AnchorPose = (typeof ANCHOR_POSES)[number];

export interface AnchorSpec {
  angle: AnchorAngle;
  expression: AnchorExpression;
  pose: AnchorPose;
}

export const ANCHOR_ANGLE_LABEL: Record<AnchorAngle, string> = {
  front: "Front",
  "three-quarter-right": "3/4 right",
  "side-right": "Side right",
  back: "Back",
  "side-left": "Side left",
  "three-quarter-left": "3/4 left",
};

/** Degrees the character is turned from facing the viewer (for angular distance). */
export const ANCHOR_ANGLE_DEGREES: Record<AnchorAngle, number> = {
  front: 0,
  "three-quarter-right": 45,
  "side-right": 90,
  back: 180,
  "side-left": 270,
  "three-quarter-left": 315,
};

const EMOTIONS = ["happy", "sad", "angry", "surprised"] as const;

/**
 * The 24 anchors a character setup generates (the plan asks for 20-30 out of 6 angles x 5
 * expressions x 3 poses = 90): every angle standing and neutral (turnaround), the four emotions
 * at the three angles panels use most (front, 3/4 left and right), and sitting and action poses
 * at the angles they are usually drawn from.
 */
export const ANCHOR_SPECS: readonly AnchorSpec[] = [
  ...ANCHOR_ANGLES.map((angle) => ({ angle, expression: "neutral" as const, pose: "standing" as const })),
  ...(["front", "three-quarter-left", "three-quarter-right"] as const).flatMap((angle) =>
    EMOTIONS.map((expression) => ({ angle, expression, pose: "standing" as const })),
  ),
  ...(["front", "three-quarter-left", "three-quarter-right"] as const).map((angle) => ({
    angle,
    expression: "neutral" as const,
    pose: "sitting" as const,
  })),
  ...(["front", "side-left", "side-right"] as const).map((angle) => ({
    angle,
    expression: "neutral" as const,
    pose: "action" as const,
  })),
];

/** Stable key of an anchor spec: `angle/expression/pose`. */
export function anchorSpecKey(spec: AnchorSpec): string {
  return `${spec.angle}/${spec.expression}/${spec.pose}`;
}

/** What a panel asks of a character; free text is understood through the synonym tables below. */
export interface AnchorRequest {
  angle?: string | undefined;
  expression?: string | undefined;
  pose?: string | undefined;
}

const POSE_WORDS: Record<AnchorPose, readonly string[]> = {
  standing: ["stand", "waving", "wave", "pointing", "point", "idle", "walk", "talk"],
  sitting: ["sit", "seated", "kneel", "crouch", "lying", "rest"],
  action: ["action", "run", "jump", "fight", "kick", "punch", "attack", "dash", "leap", "throw"],
};

const EXPRESSION_WORDS: Record<AnchorExpression, readonly string[]> = {
  neutral: ["neutral", "calm", "serious", "blank", "thinking"],
  happy: ["happy", "smil", "laugh", "joy", "grin", "excited", "cheer"],
  sad: ["sad", "cry", "tear", "worried", "worry", "upset", "gloomy", "anxious", "afraid", "scared"],
  angry: ["angry", "anger", "mad", "furious", "rage", "annoyed", "frown", "shout"],
  surprised: ["surpris", "shock", "gasp", "astonish", "amazed", "startled"],
};

const ANGLE_WORDS: Array<[AnchorAngle, readonly string[]]> = [
  ["three-quarter-left", ["three-quarter-left", "3/4 left", "three quarter left", "quarter left"]],
  ["three-quarter-right", ["three-quarter-right", "3/4 right", "three quarter right", "quarter right"]],
  ["side-left", ["side-left", "side left", "profile left", "facing left", "left profile"]],
  ["side-right", ["side-right", "side right", "profile right", "facing right", "right profile", "profile"]],
  ["back", ["back", "behind", "rear", "away"]],
  ["front", ["front", "facing viewer", "facing camera", "frontal"]],
];

function matchWord<T extends string>(text: string, table: Record<T, readonly string[]>): T | undefined {
  const lower = text.toLowerCase();
  for (const [key, words] of Object.entries(table) as Array<[T, readonly string[]]>) {
    if (lower === key || words.some((w) => lower.includes(w))) return key;
  }
  return undefined;
}

/** The anchor pose a free-text pose means, or undefined when it says nothing we know. */
export function normalisePose(text: string | undefined): AnchorPose | undefined {
  return text ? matchWord(text, POSE_WORDS) : undefined;
}

export function normaliseExpression(text: string | undefined): AnchorExpression | undefined {
  return text ? matchWord(text, EXPRESSION_WORDS) : undefined;
}

export function normaliseAngle(text: string | undefined): AnchorAngle | undefined {
  if (!text) return undefined;
  const lower = text.toLowerCase();
  for (const [angle, words] of ANGLE_WORDS)
    if (lower === angle || words.some((w) => lower.includes(w))) return angle;
  return undefined;
}

/** Weights of a mismatch: the pose changes the silhouette most, then the face, then the turn. */
export const ANCHOR_DISTANCE_WEIGHTS = { pose: 4, expression: 2, anglePer45Deg: 1 } as const;

/** How far an anchor is from a request; 0 is an exact match, unknown parts of the request cost nothing. */
export function anchorDistance(anchor: AnchorSpec, request: AnchorRequest): number {
  const pose = normalisePose(request.pose);
  const expression = normaliseExpression(request.expression);
  const angle = normaliseAngle(request.angle) ?? normaliseAngle(request.pose);
  let d = 0;
  if (pose && pose !== anchor.pose) d += ANCHOR_DISTANCE_WEIGHTS.pose;
  if (expression && expression !== anchor.expression) d += ANCHOR_DISTANCE_WEIGHTS.expression;
  // Without an angle a panel is drawn facing the viewer (front or nearly).
  const wanted = ANCHOR_ANGLE_DEGREES[angle ?? "front"];
  const diff = Math.abs(ANCHOR_ANGLE_DEGREES[anchor.angle] - wanted) % 360;
  d += (Math.min(diff, 360 - diff) / 45) * ANCHOR_DISTANCE_WEIGHTS.anglePer45Deg * (angle ? 1 : 0.5);
  return d;
}

/**
 * The anchor nearest to a request (ties: the earlier one in `anchors`, so callers order by
 * preference, e.g. approved first). Undefined when there are no anchors.
 */
export function nearestAnchor<A extends AnchorSpec>(
  anchors: readonly A[],
  request: AnchorRequest,
): A | undefined {
  let best: A | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const anchor of anchors) {
    const d = anchorDistance(anchor, request);
    if (d < bestDistance - 1e-9) {
      best = anchor;
      bestDistance = d;
    }
  }
  return best;
}

/** Location lock variants (plan, "Camera/Perspective System"): 3 cameras x 2 shots x 2 lights. */
export const LOCATION_CAMERAS = ["eye", "low", "high"] as const;
export const LOCATION_SHOTS = ["wide", "medium"] as const;
export const LOCATION_LIGHTINGS = ["day", "night"] as const;
export type LocationCamera = (typeof LOCATION_CAMERAS)[number];
export type LocationShot = (typeof LOCATION_SHOTS)[number];
export type LocationLighting = (typeof LOCATION_LIGHTINGS)[number];

export interface LocationVariantSpec {
  camera: LocationCamera;
  shot: LocationShot;
  lighting: LocationLighting;
}

export const LOCATION_VARIANTS: readonly LocationVariantSpec[] = LOCATION_CAMERAS.flatMap((camera) =>
  LOCATION_SHOTS.flatMap((shot) => LOCATION_LIGHTINGS.map((lighting) => ({ camera, shot, lighting }))),
);

/**
 * The locked variant a panel uses for its framing: a close shot uses the medium variant, dusk
 * uses night (the darker plate) and interior lighting uses day.
 */
export function locationVariantFor(request: {
  camera: "eye" | "low" | "high";
  shot: "wide" | "medium" | "close";
  lighting: "day" | "dusk" | "night" | "interior";
}): LocationVariantSpec {
  return {
    camera: request.camera,
    shot: request.shot === "wide" ? "wide" : "medium",
    lighting: request.lighting === "night" || request.lighting === "dusk" ? "night" : "day",
  };
}

/** The four sample environments of a style preview (plan, "Style Preview"). */
export const STYLE_PREVIEW_SCENES = ["indoor", "outdoor", "close-up", "establishing"] as const;
export type StylePreviewScene = (typeof STYLE_PREVIEW_SCENES)[number];

/** Reference images a character is created from: the plan asks for 10-15; 1 to 20 are accepted. */
export const CHARACTER_REFERENCES = { min: 1, max: 20, recommendedMin: 10, recommendedMax: 15 } as const;
/** Reference images a style import takes (plan: 1-5). */
export const STYLE_IMPORT_IMAGES = { min: 1, max: 5 } as const;

/** Kinds of library job; each is one row of `library_jobs` and one BullMQ job on QUEUES.library. */
export const LIBRARY_JOB_KINDS = [
  "character-setup",
  "anchor-regenerate",
  "style-analysis",
  "style-preview",
  "location-draft",
  "location-lock",
] as const;
export type LibraryJobKind = (typeof LIBRARY_JOB_KINDS)[number];

export const LIBRARY_JOB_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type LibraryJobStatus = (typeof LIBRARY_JOB_STATUSES)[number];

const base = {
  jobId: z.uuid(),
  projectId: z.uuid(),
  userId: z.uuid(),
  /** Held credits, committed when the job succeeds and released when it fails (null: free). */
  reservationId: z.uuid().nullable(),
};

/** Style slider overrides for a preview (plan: line weight, colour warmth, detail level). */
export const styleOverridesSchema = z.object({
  lineWeight: z.number().min(0).max(1).optional(),
  warmth: z.number().min(-1).max(1).optional(),
  detail: z.number().min(0).max(1).optional(),
});
export type StyleOverrides = z.infer<typeof styleOverridesSchema>;

/** What a library job carries; the worker loads the rest (images, params) from Postgres and storage. */
export const libraryJobPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("character-setup"), characterId: z.uuid() }),
  z.object({ ...base, kind: z.literal("anchor-regenerate"), characterId: z.uuid(), anchorId: z.uuid() }),
  z.object({ ...base, kind: z.literal("style-analysis"), styleId: z.uuid() }),
  z.object({ ...base, kind: z.literal("style-preview"), styleId: z.uuid() }),
  z.object({ ...base, kind: z.literal("location-draft"), locationId: z.uuid() }),
  z.object({ ...base, kind: z.literal("location-lock"), locationId: z.uuid() }),
]);
export type LibraryJobPayload = z.infer<typeof libraryJobPayloadSchema>;

/** Storage keys of library renders: under the project, so the files route serves them to members. */
export const libraryKeys = {
  anchor: (projectId: string, characterId: string, anchorId: string, version: number) =>
    `projects/${projectId}/library/characters/${characterId}/anchors/${anchorId}-v${version}.png`,
  locationDraft: (projectId: string, locationId: string, jobId: string) =>
    `projects/${projectId}/library/locations/${locationId}/draft-${jobId}.png`,
  locationVariant: (
    projectId: string,
    locationId: string,
    variant: LocationVariantSpec,
    kind: "image" | "depth",
  ) =>
    `projects/${projectId}/library/locations/${locationId}/${variant.camera}-${variant.shot}-${variant.lighting}-${kind}.png`,
  stylePreview: (projectId: string, styleId: string, jobId: string, scene: StylePreviewScene) =>
    `projects/${projectId}/library/styles/${styleId}/${jobId}-${scene}.png`,
};
