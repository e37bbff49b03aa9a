import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  differenceHash,
  HASH_SIDE,
  hammingDistance,
  laplacianVariance,
  measureImage,
  silhouetteAsymmetry,
} from "../src/services/library/heuristics.ts";
import { BLUR_VARIANCE_MIN, buildReport, type LoadedReference } from "../src/services/library/validation.ts";

/** A figure-like test picture: a head and a body, optionally with an arm out to one side. */
async function figure(
  options: { armOut?: "left" | "right"; blur?: number; colour?: string; dx?: number } = {},
) {
  const colour = options.colour ?? "#3b6ea5";
  const arm =
    options.armOut === "left"
      ? `<rect x="60" y="180" width="140" height="40" fill="${colour}" stroke="#111" stroke-width="4"/>`
      : options.armOut === "right"
        ? `<rect x="312" y="180" width="140" height="40" fill="${colour}" stroke="#111" stroke-width="4"/>`
        : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512" fill="#e8e4da"/><g transform="translate(${options.dx ?? 0} 0)">
    <circle cx="256" cy="110" r="56" fill="#f1c7a5" stroke="#111" stroke-width="4"/>
    <rect x="196" y="170" width="120" height="200" fill="${colour}" stroke="#111" stroke-width="4"/>
    <rect x="206" y="370" width="40" height="120" fill="#2b2d42" stroke="#111" stroke-width="4"/>
    <rect x="266" y="370" width="40" height="120" fill="#2b2d42" stroke="#111" stroke-width="4"/>${arm}</g></svg>`;
  let image = sharp(Buffer.from(svg));
  if (options.blur) image = sharp(await image.png().toBuffer()).blur(options.blur);
  return image.png().toBuffer();
}

const loaded = async (id: string, png: Buffer, size = 512): Promise<LoadedReference> => ({
  uploadId: id,
  storageKey: `k/${id}`,
  width: size,
  height: size,
  measures: await measureImage(png),
});

describe("reference heuristics", () => {
  it("measures sharpness as the Laplacian's variance: flat 0, a blur far below the sharp original", async () => {
    expect(laplacianVariance(new Uint8Array(64).fill(128), 8, 8)).toBe(0);
    const sharpOne = await measureImage(await figure());
    const blurred = await measureImage(await figure({ blur: 4 }));
    expect(sharpOne.sharpness).toBeGreaterThan(BLUR_VARIANCE_MIN * 3);
    expect(blurred.sharpness).toBeLessThan(BLUR_VARIANCE_MIN);
  });

  it("hashes near-duplicates close together and other pictures far apart", async () => {
    const original = await figure();
    const jpeg = await sharp(original).jpeg({ quality: 60 }).toBuffer();
    // The same figure elsewhere in the frame, reaching out: another picture.
    const other = await figure({ armOut: "left", dx: 90 });
    const [a, b, c] = await Promise.all([original, jpeg, other].map(measureImage));
    expect(a!.hash).toHaveLength((HASH_SIDE * HASH_SIDE) / 4);
    expect(hammingDistance(a!.hash, b!.hash)).toBeLessThanOrEqual(8);
    expect(hammingDistance(a!.hash, c!.hash)).toBeGreaterThan(16);
    const ramp = Uint8Array.from(
      { length: (HASH_SIDE + 1) * HASH_SIDE },
      (_, i) => 255 - (i % (HASH_SIDE + 1)),
    );
    expect(differenceHash(ramp)).toBe("f".repeat((HASH_SIDE * HASH_SIDE) / 4));
  });

  it("reads a one-sided silhouette as turned, and which way", async () => {
    const side = 64;
    const grid = async (png: Buffer) =>
      silhouetteAsymmetry(
        await sharp(png).resize(side, side, { fit: "fill" }).removeAlpha().raw().toBuffer(),
        side,
      );
    const front = await grid(await figure());
    const left = await grid(await figure({ armOut: "left" }));
    const right = await grid(await figure({ armOut: "right" }));
    expect(front.asymmetry).toBeLessThan(0.1);
    expect(left.asymmetry).toBeGreaterThan(0.18);
    expect(left.lean).toBeLessThan(0);
    expect(right.lean).toBeGreaterThan(0);
  });
});

describe("validation report", () => {
  it("says what is wrong with each image and what to add", async () => {
    const report = buildReport(
      [
        await loaded("a", await figure()),
        await loaded("b", await figure(), 512),
        await loaded("c", await figure({ blur: 5 })),
        await loaded("d", await figure({ colour: "#c04040" }), 180),
      ],
      ["x"],
    );
    expect(report.ok).toBe(false);
    const codes = report.issues.map((i) => `${i.code}:${i.severity}:${i.uploadId}`);
    expect(codes).toContain("NOT_FOUND:error:x");
    expect(codes).toContain("TOO_FEW_IMAGES:warning:null");
    expect(codes).toContain("BLURRED:error:c");
    expect(codes).toContain("TOO_SMALL:error:d");
    expect(codes).toContain("NEAR_DUPLICATE:warning:b");
    expect(codes).toContain("TOO_FEW_ANGLES:warning:null");
    expect(report.guidance.join(" ")).toMatch(/side view/);
    expect(report.issues.find((i) => i.code === "TOO_SMALL")!.message).toContain("180 x 180");
  });

  it("passes a varied set, warning only that fewer than ten images were given", async () => {
    const report = buildReport(
      [
        await loaded("a", await figure()),
        await loaded("b", await figure({ armOut: "left", dx: 90 })),
        await loaded("c", await figure({ armOut: "right", dx: -90 })),
      ],
      [],
    );
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => i.code)).toEqual(["TOO_FEW_IMAGES"]);
    expect(report.distinctViews).toBe(3);
  });
});
