/**
 * The generation engine interface. Every engine (the built-in `sketch`, `comfyui`, later others)
 * takes the same structured panel description and returns the same variations, so the job code
 * that calls it, the progress plumbing and the scoring never depend on which engine runs.
 */

export type Lighting = "day" | "dusk" | "night" | "interior";
export type Camera = "eye" | "low" | "high";
export type Shot = "wide" | "medium" | "close";

/** A saved or ad-hoc location: what the background shows and how it is framed. */
export interface LocationSpec {
  name: string;
  lighting: Lighting;
  camera: Camera;
  shot: Shot;
  /** A locked location's variant for this framing (PNG): drawn as the background instead of scenery. */
  background?: Buffer;
  /**
   * The variant's stored depth map (grey PNG, near bright). A background with a depth map is an
   * environment the characters are composed into; one without (an anchor's plain backdrop) is not.
   */
  depth?: Buffer;
}

/** One character placed in the panel. */
export interface CharacterSpec {
  id: string;
  name: string;
  /** `#rrggbb` colours, most characteristic first: outfit, secondary, hair, skin, accent. */
  palette: string[];
  /** Horizontal centre of the figure, 0 (left edge) .. 1 (right edge). */
  x: number;
  /** Where the figure stands (its feet), 0 (top) .. 1 (bottom). */
  y: number;
  /** Figure height as a fraction of the panel height at a medium shot (1 = full height). */
  scale: number;
  /** Free text; the sketch engine understands standing, sitting, action, running, waving, pointing. */
  pose?: string;
  /** Free text; the sketch engine understands neutral, happy, sad, angry, surprised. */
  expression?: string;
  /** The character's reference images (PNG/JPEG/WebP), most useful first. */
  references?: Buffer[];
  /** The anchor picked for this panel's pose and expression, if the character has an anchor library. */
  anchor?: Buffer;
  /**
   * Which way the character faces: front, three-quarter-left/right, side-left/right, back (the
   * anchor library's angles). Default: front, turned slightly toward the panel's centre.
   */
  angle?: string;
}

/** The project's style lock. */
export interface StyleParams {
  /** 0 = hairline ink, 1 = heavy ink. */
  lineWeight: number;
  /** -1 = cool colour balance, 0 = neutral, 1 = warm. */
  warmth: number;
  /** 0 = flat and sparse, 1 = busy with decorative strokes. */
  detail: number;
  /** Number of tone levels the shading is posterised to (2 = hard cel, 6+ = soft). */
  shadingLevels: number;
  /** Project palette (`#rrggbb`), used for the scenery when given. */
  palette?: string[];
  /** Colour saturation of the fills: 0 = greyscale, 1 = as drawn (default), up to 1.5 = vivid. */
  saturation?: number;
}

/** Everything an engine needs to draw a panel; nothing it must look up. */
export interface PanelDescription {
  prompt: string;
  /** What the picture must not show (used by diffusion engines). */
  negativePrompt?: string;
  width: number;
  height: number;
  /** Base seed; variation i uses a seed derived from it, reported on the variation. */
  seed: number;
  /** How many variations to return (the product's panel job asks for 4). */
  variations: number;
  location?: LocationSpec;
  characters: CharacterSpec[];
  style: StyleParams;
}

/** A progress report, like a diffusion sampler's step callback. */
export interface ProgressEvent {
  /** 1-based step just finished; may repeat (a preview for the same step can follow). */
  step: number;
  totalSteps: number;
  /** A small JPEG or PNG of the work so far, when the engine has one. */
  preview?: Buffer;
  /** MIME type of `preview`. */
  previewType?: "image/jpeg" | "image/png";
}

/** Called synchronously by the engine; must not throw and should return quickly (throttle elsewhere). */
export type ProgressListener = (event: ProgressEvent) => void;

export interface GenerateOptions {
  /** Aborting stops the engine's work (for ComfyUI: interrupt or dequeue) and rejects with EngineAbortedError. */
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface Variation {
  png: Buffer;
  /** Seed that reproduces this variation (with `batchIndex` for batched diffusion engines). */
  seed: number;
  /** Position in the batch the variation came from. */
  batchIndex: number;
  width: number;
  height: number;
  /**
   * Lighting-harmony score 0..1 when the engine composed the panel from separate environment and
   * character layers (the plan's composition check; below 0.80 means re-composite).
   */
  harmony?: number;
}

export interface GenerationResult {
  variations: Variation[];
  /** Engine that produced them, e.g. "sketch" or "comfyui". */
  engine: string;
  /** Wall time spent in the engine, in milliseconds. */
  durationMs: number;
}

/** An inpainting request: the picture, which part to redo, and what the fix is. */
export interface InpaintRequest {
  /** The current picture (PNG/JPEG/WebP); the result has its size. */
  image: Buffer;
  /**
   * The mask (PNG), any size (scaled to the picture): white and opaque where the picture is
   * regenerated, black or transparent where it is kept.
   */
  mask: Buffer;
  /** The fix, in the creator's words. */
  prompt: string;
  negativePrompt?: string;
  seed: number;
  /** The panel's own description, when known: engines that draw from descriptions re-render it. */
  description?: PanelDescription;
}

export interface InpaintResult {
  png: Buffer;
  width: number;
  height: number;
  seed: number;
  engine: string;
  durationMs: number;
}

/** What the UI shows about the engine in use. */
export interface EngineInfo {
  name: string;
  /** Short human label, e.g. "Sketch engine (built in, CPU)". */
  label: string;
  /** One or two sentences the UI can show, saying plainly what the pictures are. */
  description: string;
  /** Whether it needs outside services (a GPU server) to work. */
  external: boolean;
}

export interface GenerationEngine {
  readonly name: string;
  describe(): EngineInfo;
  generate(description: PanelDescription, options?: GenerateOptions): Promise<GenerationResult>;
  /**
   * Regenerates the masked region of a picture (inpainting). Optional: an engine without it
   * cannot take inpainting jobs, which then fail with ENGINE_BAD_INPUT.
   */
  inpaint?(request: InpaintRequest, options?: GenerateOptions): Promise<InpaintResult>;
  /** Releases sockets, sessions or timers; a closed engine rejects new work. */
  close?(): Promise<void>;
}
