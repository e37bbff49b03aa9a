import type { CharacterSpec, LocationSpec } from "../engines/types.ts";

/**
 * The scenes a style is drawn in: the plan's 4 style-preview scenes (an indoor scene, an outdoor
 * scene, a close-up background, a wide establishing shot), which double as the curated
 * catalogue's stored samples, and more scenes the matcher learns from.
 */

export interface PreviewScene {
  label: string;
  prompt: string;
  location: LocationSpec;
  /** Characters in the scene (a close-up background has none). */
  characters: Omit<CharacterSpec, "id" | "name">[];
}

export const PREVIEW_SCENES: readonly PreviewScene[] = [
  {
    label: "Indoor scene",
    prompt: "a bedroom in the evening",
    location: { name: "bedroom", lighting: "interior", camera: "eye", shot: "medium" },
    characters: [{ palette: ["#4a6fa5", "#2b2d42", "#3a2a22", "#f1c7a5"], x: 0.38, y: 0.93, scale: 0.7 }],
  },
  {
    label: "Outdoor scene",
    prompt: "a city street",
    location: { name: "city street", lighting: "day", camera: "eye", shot: "medium" },
    characters: [
      {
        palette: ["#c0504d", "#3d405b", "#2a1a14", "#e8b894"],
        x: 0.62,
        y: 0.95,
        scale: 0.65,
        pose: "waving",
      },
    ],
  },
  {
    label: "Close-up background",
    prompt: "forest undergrowth, close up",
    location: { name: "forest", lighting: "dusk", camera: "low", shot: "close" },
    characters: [],
  },
  {
    label: "Wide establishing shot",
    prompt: "mountain valley establishing shot",
    location: { name: "mountain valley", lighting: "day", camera: "high", shot: "wide" },
    characters: [{ palette: ["#2a9d8f", "#264653", "#e9c46a", "#f1c7a5"], x: 0.5, y: 0.9, scale: 0.5 }],
  },
];

/**
 * More scenes the catalogue is drawn in for the matcher only (not stored): every kind of scenery
 * the sketch engine draws, under each light, camera and shot, so that a style's centroid and
 * spread are learned across scenes rather than from 4 fixed ones. No (place, light, camera, shot)
 * combination here is one of the retrieval check's subjects (retrieval.ts).
 */
export const MATCH_SCENES: readonly PreviewScene[] = [
  {
    label: "Street at night",
    prompt: "a city street at night",
    location: { name: "city street", lighting: "night", camera: "high", shot: "wide" },
    characters: [
      {
        palette: ["#8e5572", "#1d3557", "#d9c5b2", "#f1c7a5"],
        x: 0.5,
        y: 0.93,
        scale: 0.6,
        pose: "standing",
      },
    ],
  },
  {
    label: "Alley at dusk",
    prompt: "a narrow alley in the old town",
    location: { name: "old town alley", lighting: "dusk", camera: "eye", shot: "close" },
    characters: [
      {
        palette: ["#f4a261", "#264653", "#111111", "#c68c64"],
        x: 0.5,
        y: 0.93,
        scale: 0.65,
        pose: "pointing",
      },
    ],
  },
  {
    label: "Town road",
    prompt: "a road through town on a grey day",
    location: { name: "town road", lighting: "day", camera: "low", shot: "medium" },
    characters: [
      {
        palette: ["#6c757d", "#343a40", "#5a3a22", "#e8b894"],
        x: 0.33,
        y: 0.93,
        scale: 0.55,
        pose: "sitting",
      },
      {
        palette: ["#9d0208", "#e9ecef", "#2a1a14", "#f1c7a5"],
        x: 0.67,
        y: 0.93,
        scale: 0.6,
        pose: "running",
      },
    ],
  },
  {
    label: "Park at dusk",
    prompt: "a park with trees",
    location: { name: "park", lighting: "dusk", camera: "high", shot: "medium" },
    characters: [
      { palette: ["#ffb703", "#023047", "#8ecae6", "#e0ac8a"], x: 0.5, y: 0.93, scale: 0.65, pose: "waving" },
    ],
  },
  {
    label: "Woods at noon",
    prompt: "woods in summer",
    location: { name: "woods", lighting: "day", camera: "low", shot: "wide" },
    characters: [],
  },
  {
    label: "Harbour at night",
    prompt: "a harbour at night",
    location: { name: "harbour", lighting: "night", camera: "eye", shot: "wide" },
    characters: [
      { palette: ["#8e5572", "#1d3557", "#d9c5b2", "#f1c7a5"], x: 0.5, y: 0.93, scale: 0.55, pose: "action" },
    ],
  },
  {
    label: "Lake at dusk",
    prompt: "a lake shore",
    location: { name: "lake shore", lighting: "dusk", camera: "high", shot: "close" },
    characters: [
      {
        palette: ["#f4a261", "#264653", "#111111", "#c68c64"],
        x: 0.5,
        y: 0.93,
        scale: 0.6,
        pose: "standing",
      },
    ],
  },
  {
    label: "Coast at noon",
    prompt: "a rocky coast",
    location: { name: "coast", lighting: "day", camera: "low", shot: "wide" },
    characters: [
      {
        palette: ["#6c757d", "#343a40", "#5a3a22", "#e8b894"],
        x: 0.33,
        y: 0.93,
        scale: 0.65,
        pose: "pointing",
      },
      {
        palette: ["#9d0208", "#e9ecef", "#2a1a14", "#f1c7a5"],
        x: 0.67,
        y: 0.93,
        scale: 0.55,
        pose: "sitting",
      },
    ],
  },
  {
    label: "Meadow",
    prompt: "a meadow in the hills",
    location: { name: "meadow", lighting: "day", camera: "eye", shot: "close" },
    characters: [
      { palette: ["#ffb703", "#023047", "#8ecae6", "#e0ac8a"], x: 0.5, y: 0.93, scale: 0.6, pose: "running" },
    ],
  },
  {
    label: "Valley at night",
    prompt: "a valley under the stars",
    location: { name: "valley", lighting: "night", camera: "low", shot: "medium" },
    characters: [],
  },
  {
    label: "Office",
    prompt: "an office",
    location: { name: "office", lighting: "interior", camera: "low", shot: "medium" },
    characters: [
      {
        palette: ["#8e5572", "#1d3557", "#d9c5b2", "#f1c7a5"],
        x: 0.33,
        y: 0.93,
        scale: 0.65,
        pose: "waving",
      },
      {
        palette: ["#f4a261", "#264653", "#111111", "#c68c64"],
        x: 0.67,
        y: 0.93,
        scale: 0.55,
        pose: "action",
      },
    ],
  },
  {
    label: "Living room, close",
    prompt: "two people in a living room, close up",
    location: { name: "living room", lighting: "interior", camera: "low", shot: "close" },
    characters: [
      { palette: ["#2a9d8f", "#3d405b", "#2a1a14", "#e8b894"], x: 0.33, y: 0.95, scale: 0.6, pose: "waving" },
      { palette: ["#e76f51", "#264653", "#d9b36b", "#f1c7a5"], x: 0.67, y: 0.95, scale: 0.6 },
    ],
  },
  {
    label: "Street, close",
    prompt: "two friends on a street corner",
    location: { name: "street corner", lighting: "day", camera: "eye", shot: "close" },
    characters: [
      {
        palette: ["#5e548e", "#231942", "#9f86c0", "#e0ac8a"],
        x: 0.35,
        y: 0.95,
        scale: 0.6,
        pose: "pointing",
      },
      { palette: ["#bc4749", "#386641", "#111111", "#f1c7a5"], x: 0.68, y: 0.95, scale: 0.6 },
    ],
  },
  {
    label: "Pier at dusk",
    prompt: "a pier at dusk",
    location: { name: "pier", lighting: "dusk", camera: "eye", shot: "medium" },
    characters: [{ palette: ["#f6bd60", "#84a59d", "#3a2a22", "#f5cac3"], x: 0.5, y: 0.93, scale: 0.6 }],
  },
  {
    label: "Forest at night",
    prompt: "deep woods at night",
    location: { name: "deep woods", lighting: "night", camera: "high", shot: "close" },
    characters: [
      {
        palette: ["#588157", "#344e41", "#a3b18a", "#e8b894"],
        x: 0.45,
        y: 0.93,
        scale: 0.6,
        pose: "running",
      },
    ],
  },
  {
    label: "Kitchen",
    prompt: "a kitchen",
    location: { name: "kitchen", lighting: "interior", camera: "high", shot: "wide" },
    characters: [
      {
        palette: ["#6c757d", "#343a40", "#5a3a22", "#e8b894"],
        x: 0.5,
        y: 0.93,
        scale: 0.6,
        pose: "standing",
      },
    ],
  },
];

/** Scenes per curated style the matcher learns from: the 4 preview scenes, then the match scenes. */
export const SAMPLE_SCENES: readonly PreviewScene[] = [...PREVIEW_SCENES, ...MATCH_SCENES];
