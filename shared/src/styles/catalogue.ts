/**
 * The curated style catalogue: 50 comic styles a creator can pick from, or that an imported style
 * is matched against. Pure data. The parameters are the style lock the generation engines take
 * (`StyleParams` in the worker); the sample pictures are rendered and analysed by the project
 * itself (worker/src/styles/samples.ts), so every entry can be previewed and matched.
 */

/** Broad families the catalogue is grouped by in the UI. */
export type StyleMovement =
  | "manga"
  | "anime"
  | "manhwa"
  | "manhua"
  | "western"
  | "european"
  | "indie"
  | "painterly"
  | "retro";

/** The style lock of a curated style (structurally the worker's `StyleParams`). */
export interface CuratedStyleParams {
  /** 0 = hairline ink, 1 = heavy ink. */
  lineWeight: number;
  /** -1 = cool colour balance, 0 = neutral, 1 = warm. */
  warmth: number;
  /** 0 = flat and sparse, 1 = busy with decorative strokes. */
  detail: number;
  /** Tone levels the shading is posterised to (2 = hard cel, 6+ = soft), 2..8. */
  shadingLevels: number;
  /** Scenery palette, `#rrggbb`, 5 colours. */
  palette: string[];
  /** Colour saturation: 0 greyscale, 0.45 muted, 1 as drawn, 1.4 vivid. */
  saturation: number;
}

export interface CuratedStyle {
  /** Stable slug, used in URLs, storage keys and the project's style reference. */
  id: string;
  name: string;
  /** One or two sentences for the style browser. */
  description: string;
  movement: StyleMovement;
  tags: string[];
  params: CuratedStyleParams;
}

/**
 * Bumped whenever a style's parameters or the sketch engine's rendering of the samples change:
 * sample pictures and match indexes are keyed by it. v2: composed panels keep the style's tones.
 */
export const CATALOGUE_VERSION = "v2";

type Row = [
  id: string,
  name: string,
  movement: StyleMovement,
  tags: string,
  lineWeight: number,
  warmth: number,
  detail: number,
  shadingLevels: number,
  saturation: number,
  palette: string,
  description: string,
];

// One row per style: compact so the 50 can be compared at a glance. Line weights sit on the
// stroke widths a 384 px sample resolves (1..5 px), tones on 2..8 levels, saturation on 4 steps.
// Measured tone counts can be off by one in some scenes, so two styles with the same line weight
// and saturation are at least 2 tone levels apart: each stays distinguishable from its neighbours
// (see bench/styles for the retrieval check).
// biome-ignore format: one row per style reads as a table
const ROWS: Row[] = [
  ["ligne-claire", "Ligne claire", "european", "clean,flat,adventure", 0.29, 0.1, 0.4, 2, 1, "#e63b2e #f5c518 #2d6cdf #f4efe1 #3aa655", "Even, clean outlines and flat bright colour with no hatching, in the Franco-Belgian adventure tradition."],
  ["shonen-action", "Shōnen action", "manga", "action,dynamic,bold", 1, 0.25, 0.9, 3, 0.45, "#ff7b00 #1b3a8c #f2f2f2 #c81d25 #ffd23f", "Bold ink, busy speed-line detail and hard three-tone shading for fights and chases."],
  ["shoujo-pastel", "Shōjo pastel", "manga", "romance,soft,pastel", 0.06, 0.45, 0.55, 8, 1.4, "#f7c6d9 #c9b6e4 #fde2c0 #b8e0d2 #fff5f8", "Hairline ink, airy pastel colour and soft gradients for romance and slice of life."],
  ["webtoon-soft", "Webtoon soft render", "manhwa", "webtoon,romance,soft", 0.06, 0.2, 0.25, 8, 1, "#f0d5c4 #8fb8de #f7f1e8 #d9a5b3 #6c7a96", "Thin lines and smooth soft shading over clean backgrounds, the vertical-scroll romance look."],
  ["noir", "Noir", "western", "crime,dark,contrast", 0.76, -0.35, 0.6, 2, 0, "#3b3f4a #6d717a #c8c8c8 #8a2a2a #545a66", "Heavy ink and two hard tones: rain-soaked streets, deep shadows and a single accent colour."],
  ["golden-age", "Golden-age superhero", "retro", "superhero,primary,vintage", 0.76, 0.5, 0.5, 2, 1.4, "#d7261e #1f4e9c #f7d117 #3c8d2f #f1e3c8", "Thick outlines and primary colours on warm newsprint, in the spirit of the 1940s."],
  ["modern-superhero", "Modern superhero", "western", "superhero,dramatic,rendered", 0.53, -0.1, 0.8, 6, 1, "#1c2a4a #b3202a #d9d4cc #4a6fa5 #8c8f99", "Medium ink with heavy rendering, cool night palettes and dramatic modelling."],
  ["seinen-gritty", "Seinen gritty", "manga", "mature,detailed,grit", 0.53, -0.2, 1, 4, 0.45, "#5b5f57 #8a8376 #c2b8a3 #3f4a52 #a0522d", "Dense detail and muted earth tones for mature, grounded stories."],
  ["chibi-comedy", "Chibi comedy", "anime", "cute,comedy,simple", 0.53, 0.6, 0.05, 2, 1.4, "#ff9fb2 #ffd166 #7bdff2 #b2f7ef #f7f7ff", "Rounded shapes, almost no background detail and candy colours for gag strips."],
  ["watercolour-storybook", "Watercolour storybook", "painterly", "watercolour,gentle,children", 0.06, 0.35, 0.35, 8, 0.45, "#9cc5a1 #e9d8a6 #94b0da #e6a57e #f4f1de", "Barely any ink, washes of gentle colour: a picture-book feel."],
  ["manga-screentone", "Classic manga", "manga", "monochrome-feel,tone,classic", 0.53, 0, 0.7, 3, 0, "#d8d8d8 #a8a8a8 #f4f4f4 #7a7a7a #bcbcbc", "Medium ink over grey tones, the print-manga look without colour."],
  ["cyberpunk-neon", "Cyberpunk neon", "indie", "sci-fi,neon,night", 0.29, -0.8, 0.85, 4, 1.4, "#ff2e97 #00e5ff #7a00ff #1a1a40 #39ff14", "Cold neon magenta and cyan against dark cityscapes, dense with signage and detail."],
  ["desert-western", "Desert western", "western", "western,sun,dust", 0.76, 0.9, 0.45, 4, 1, "#c1440e #e8a33d #f3d9a4 #7a4a2a #9c6b30", "Sunbaked oranges and strong ink: dusty frontier towns at high noon."],
  ["arctic-expedition", "Arctic expedition", "european", "cold,adventure,clean", 0.29, -0.9, 0.3, 4, 0.45, "#d9ecf2 #7fb2d0 #f5fbff #2f5d7c #a9c7d8", "Icy blues and whites with clean lines and little clutter."],
  ["autumn-slice-of-life", "Autumn slice of life", "indie", "cozy,warm,everyday", 0.29, 0.75, 0.6, 4, 1, "#c8553d #f28f3b #ffd5c2 #588b8b #935b2d", "Cosy autumn colours, fine lines and everyday detail."],
  ["horror-ink", "Horror ink", "manga", "horror,dark,scratchy", 1, -0.6, 1, 3, 0, "#4a4e5a #7b7f8a #b9bcc4 #5e2530 #2f3542", "Scratchy heavy ink and busy hatching in cold greys: dread on every page."],
  ["cartoon-network", "TV cartoon", "western", "cartoon,flat,bright", 0.76, 0.2, 0.15, 2, 0.45, "#ff5d5d #5dade2 #f9e79f #58d68d #ffffff", "Thick uniform outlines and flat saturated colour with minimal backgrounds."],
  ["indie-minimal", "Indie minimal", "indie", "minimal,flat,quiet", 0.06, 0, 0.05, 2, 0.45, "#e07a5f #3d405b #81b29a #f2cc8f #f4f1de", "Few lines, a muted designer palette and lots of negative space."],
  ["isekai-fantasy", "Isekai fantasy", "anime", "fantasy,bright,adventure", 0.29, 0.3, 0.75, 6, 1.4, "#5fa8d3 #62b6cb #cae9ff #f6bd60 #84a59d", "Bright fantasy skies and meadows, medium line work and soft-ish anime shading."],
  ["dark-fantasy", "Dark fantasy", "manhwa", "fantasy,dark,dramatic", 0.53, -0.45, 0.9, 6, 0.45, "#2b2d42 #8d99ae #5c374c #a4161a #4f5d75", "Deep purples and crimson, rich detail and rendered shading for grim fantasy."],
  ["sunny-kids", "Sunny kids comic", "western", "children,bright,simple", 0.76, 0.55, 0.3, 4, 1.4, "#ffbe0b #fb5607 #3a86ff #8338ec #ffe8a3", "Friendly thick lines and sunny primaries for younger readers."],
  ["newspaper-strip", "Newspaper strip", "retro", "strip,gag,simple", 0.53, 0.15, 0.1, 2, 0.45, "#f4e4c1 #d9b382 #a3c4bc #e27d60 #fdf6e3", "A daily-strip look: confident lines, flat soft colours and simple settings."],
  ["pulp-adventure", "Pulp adventure", "retro", "pulp,vintage,adventure", 0.76, 0.7, 0.65, 4, 0.45, "#b23a48 #fcb9b2 #461220 #8c2f39 #fed0bb", "Vintage pulp covers: warm reds, strong ink and plenty of texture."],
  ["sci-fi-clean", "Clean sci-fi", "european", "sci-fi,clean,cool", 0.06, -0.5, 0.55, 3, 1, "#e0e1dd #778da9 #415a77 #a9d6e5 #f8f9fa", "Precise thin lines, cool greys and blues, uncluttered future spaces."],
  ["gothic-romance", "Gothic romance", "painterly", "gothic,romance,moody", 0.29, -0.25, 0.8, 8, 0.45, "#6d597a #b56576 #e56b6f #355070 #eaac8b", "Moody mauves and roses with delicate detail and soft modelling."],
  ["sports-manga", "Sports manga", "manga", "sports,energy,bright", 0.76, 0.35, 0.85, 8, 1.4, "#ef233c #edf2f4 #2b2d42 #8d99ae #ffb703", "Punchy ink, action detail and bold team colours."],
  ["idol-sparkle", "Idol sparkle", "anime", "idol,sparkle,pastel", 0.06, 0.1, 0.9, 6, 1.4, "#ffafcc #bde0fe #cdb4db #ffc8dd #a2d2ff", "Fine lines, sparkle-dense detail and candy pastels."],
  ["martial-arts-ink", "Martial arts ink", "manhua", "wuxia,brush,earth", 1, 0.45, 0.35, 3, 1, "#bc4749 #a7c957 #f2e8cf #6a994e #386641", "Brush-heavy ink with jade greens and cinnabar for wuxia tales."],
  ["office-romance", "Office romance webtoon", "manhwa", "romance,urban,clean", 0.06, -0.1, 0.45, 6, 0.45, "#cfd8dc #90a4ae #eceff1 #f8bbd0 #b0bec5", "Hairline lines, clean urban greys with a touch of pink, smooth shading."],
  ["underground-comix", "Underground comix", "indie", "alternative,crosshatch,gritty", 1, 0.3, 1, 4, 1.4, "#e9c46a #f4a261 #e76f51 #2a9d8f #f1faee", "Crowded, heavy-inked panels with loud colour: alternative press energy."],
  ["muted-graphic-novel", "Muted graphic novel", "indie", "literary,muted,quiet", 0.53, 0.05, 0.5, 8, 0.45, "#a3a380 #d6ce93 #efebce #d8a48f #bb8588", "Restrained olive and clay tones and medium lines for literary stories."],
  ["tropical-vacation", "Tropical vacation", "indie", "summer,beach,bright", 0.06, 0.65, 0.4, 4, 1.4, "#06d6a0 #ffd166 #ef476f #118ab2 #f7fff7", "Turquoise water, hot pinks and sunny yellows with light line work."],
  ["mecha", "Mecha", "anime", "robots,hard-surface,military", 0.53, -0.35, 1, 4, 1, "#495057 #adb5bd #e9ecef #d00000 #3f88c5", "Hard-surface detail, gunmetal greys and signal colours."],
  ["cozy-fantasy-tavern", "Cozy tavern fantasy", "painterly", "fantasy,cozy,candlelight", 0.29, 0.95, 0.7, 8, 1.4, "#9c6644 #ddb892 #7f5539 #e6ccb2 #b08968", "Candle-lit browns and ambers with soft, warm modelling."],
  ["ukiyo-e", "Ukiyo-e print", "retro", "woodblock,traditional,flat", 0.76, 0.2, 0.6, 2, 1, "#2e5c8a #d8c3a5 #c0392b #8e8d8a #e0d6c2", "Woodblock-print flatness: Prussian blue, vermilion and paper tones."],
  ["art-nouveau", "Art nouveau", "european", "decorative,ornate,elegant", 0.53, 0.5, 0.95, 8, 1, "#a68a64 #d4c7a1 #6b705c #cb997e #ddbea9", "Elegant contour lines, ornamental detail and muted golds."],
  ["pop-art", "Pop art", "retro", "pop,bold,flat", 1, 0.1, 0.2, 2, 1.4, "#ff006e #ffbe0b #3a86ff #ffffff #fb5607", "Heavy outlines and screaming flat colour, straight off the gallery wall."],
  ["night-city-manhwa", "Night city manhwa", "manhwa", "urban,night,action", 0.29, -0.7, 0.65, 6, 0.45, "#14213d #fca311 #e5e5e5 #4a5a8a #2e4057", "Fine lines, navy nights and streetlight amber for urban action."],
  ["spring-shoujo", "Spring shōjo", "manga", "spring,flowers,romance", 0.06, 0.25, 0.85, 5, 1, "#f4acb7 #ffcad4 #d8e2dc #9d8189 #ffe5d9", "Cherry-blossom pinks, hairline ink and flowery detail."],
  ["military-drama", "Military drama", "western", "war,drab,grit", 0.76, 0.1, 0.75, 6, 0.45, "#606c38 #283618 #fefae0 #dda15e #bc6c25", "Olive drab and khaki with solid ink and a lot of equipment detail."],
  ["deep-sea", "Deep sea", "indie", "ocean,cool,mysterious", 0.29, -0.95, 0.5, 6, 1, "#03045e #0077b6 #00b4d8 #90e0ef #caf0f8", "Layered ocean blues with fine line work and soft light."],
  ["harvest-farm", "Harvest farm", "western", "rural,warm,gentle", 0.53, 0.85, 0.25, 5, 1.4, "#d4a373 #faedcd #ccd5ae #e9edc9 #bc6c25", "Wheat, hay and sunset warmth with easy line work and open fields."],
  ["retro-80s-anime", "80s anime", "anime", "retro,cel,vibrant", 0.53, -0.15, 0.55, 2, 1, "#6a4c93 #ff595e #1982c4 #8ac926 #ffca3a", "Hard two-tone cel shading and vivid 80s colour."],
  ["steampunk", "Steampunk", "european", "brass,victorian,machines", 0.76, 0.6, 0.95, 6, 1, "#7f5539 #b08968 #ddb892 #4a4e69 #9a8c98", "Brass and leather, heavy machinery detail and warm rendering."],
  ["silent-monochrome", "Silent monochrome", "indie", "quiet,grey,minimal", 0.29, -0.05, 0.2, 7, 0, "#9e9e9e #d6d6d6 #f0f0f0 #bdbdbd #7d7d7d", "Wordless-comic greys with soft shading and little line work."],
  ["bright-webcomic", "Bright webcomic", "indie", "webcomic,flat,cheerful", 0.29, 0.4, 0.1, 2, 1.4, "#ff70a6 #70d6ff #ffd670 #e9ff70 #ff9770", "Flat bright colour, medium lines, simple backgrounds: quick to read."],
  ["mystery-detective", "Mystery detective", "manga", "mystery,muted,drama", 0.29, -0.15, 0.7, 2, 0.45, "#2d3142 #4f5d75 #bfc0c0 #ef8354 #adb5bd", "Slate greys with an orange accent, mid lines and investigative detail."],
  ["volcanic-epic", "Volcanic epic", "manhwa", "epic,fire,dramatic", 0.76, 1, 0.8, 6, 1.4, "#6a040f #d00000 #e85d04 #faa307 #370617", "Blazing reds and oranges, heavy ink and rich rendered shading."],
  ["forest-spirit", "Forest spirit", "painterly", "nature,mystical,green", 0.29, -0.3, 0.6, 8, 1, "#2d6a4f #52b788 #95d5b2 #d8f3dc #1b4332", "Layered greens and soft light for quiet mystical woods."],
  ["glam-fashion", "Glam fashion", "manhwa", "fashion,chic,clean", 0.06, 0.05, 0.15, 4, 0.45, "#000000 #e0c3fc #f1f1f1 #c9a227 #8e7dbe", "Hairline elegance, lavender and gold, and almost empty backgrounds."],
];

function toStyle(row: Row): CuratedStyle {
  const [
    id,
    name,
    movement,
    tags,
    lineWeight,
    warmth,
    detail,
    shadingLevels,
    saturation,
    palette,
    description,
  ] = row;
  return {
    id,
    name,
    description,
    movement,
    tags: tags.split(","),
    params: { lineWeight, warmth, detail, shadingLevels, saturation, palette: palette.split(" ") },
  };
}

/** The 50 curated styles, in browsing order. */
export const CURATED_STYLES: readonly CuratedStyle[] = ROWS.map(toStyle);

/** A curated style by id, or undefined. */
export function curatedStyle(id: string): CuratedStyle | undefined {
  return CURATED_STYLES.find((s) => s.id === id);
}

/**
 * The plan's fallback chain for an extracted style, on calibrated match scores (0..1):
 * at least `apply`: use the match; `choose` up to `apply`: the creator picks among the top 3;
 * below `choose`: generate from the reference images directly, with a warning.
 */
export const STYLE_MATCH_THRESHOLDS = { apply: 0.85, choose: 0.7 } as const;

/** What the matcher decided for an extracted style (see STYLE_MATCH_THRESHOLDS). */
export type StyleMatchDecision = "apply" | "choose" | "reference" | "curated";
