import {
  type Anchor,
  type CatalogueStyle,
  type Character,
  type Generation,
  type LibraryJob,
  type Location,
  type LocationVariant,
  PRICES,
  type Project,
  type ProjectStyle,
  type StyleLock,
  type ValidationReport,
} from "@comic-studio/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";
import {
  characterPicture,
  HERO_PALETTE,
  startLibraryWorker,
  uploadImage,
  waitForJob,
} from "./library-fixtures.ts";

let api: TestApi;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let projectId: string;
let pageId: string;
let library: Awaited<ReturnType<typeof startLibraryWorker>>;
let referenceIds: string[];
let character: Character;
let anchors: Anchor[];

const balance = async (client: TestClient) => (await api.credits.getBalance(client.user!.id)).balance;

beforeAll(async () => {
  api = await startTestApi({}, "library");
  [owner, editor, viewer, outsider] = [api.client(), api.client(), api.client(), api.client()];
  await signUp(owner, "owner");
  await signUp(editor, "editor");
  await signUp(viewer, "viewer");
  await signUp(outsider, "outsider");
  projectId = (await owner.post<{ project: Project }>("/projects", { name: "Library" })).body.project.id;
  await owner.post(`/projects/${projectId}/members`, { email: editor.user!.email, role: "editor" });
  await owner.post(`/projects/${projectId}/members`, { email: viewer.user!.email, role: "viewer" });
  pageId = (await owner.post<{ page: { id: string } }>(`/projects/${projectId}/pages`, {})).body.page.id;
  await api.credits.grant(editor.user!.id, 1_000, "test");
  library = await startLibraryWorker(api);
  // Six views of one character: front, turned both ways, expressions and an action pose.
  const views = [
    { angle: "front" },
    { angle: "three-quarter-left", expression: "happy" },
    { angle: "three-quarter-right", expression: "sad" },
    { angle: "side-left", pose: "running" },
    { angle: "side-right", pose: "running", x: 0.55 },
    { angle: "front", expression: "surprised", pose: "waving" },
  ];
  referenceIds = [];
  for (const [i, view] of views.entries()) {
    referenceIds.push(
      (await uploadImage(editor, projectId, await characterPicture(HERO_PALETTE, { ...view, seed: i + 1 })))
        .id,
    );
  }
}, 300_000);

afterAll(async () => {
  await library?.worker.close();
  await api?.close();
});

describe("reference validation", () => {
  it("explains what is wrong: too small, blurred, near-duplicates, one view only", async () => {
    const sharpPicture = await characterPicture(HERO_PALETTE, { seed: 11 });
    const small = await uploadImage(
      editor,
      projectId,
      await characterPicture(HERO_PALETTE, { seed: 12, size: 200, pose: "sitting" }),
    );
    const blurred = await uploadImage(editor, projectId, await sharp(sharpPicture).blur(4).png().toBuffer());
    const original = await uploadImage(editor, projectId, sharpPicture);
    const twin = await uploadImage(
      editor,
      projectId,
      await sharp(sharpPicture).jpeg({ quality: 70 }).toBuffer(),
      "twin.jpg",
    );
    const reply = await editor.post<{ validation: ValidationReport }>(
      `/projects/${projectId}/characters/validate`,
      {
        uploadIds: [small.id, blurred.id, original.id, twin.id],
      },
    );
    expect(reply.status).toBe(200);
    const v = reply.body.validation;
    expect(v.ok).toBe(false);
    const find = (code: string, uploadId: string | null) =>
      v.issues.find((i) => i.code === code && i.uploadId === uploadId);
    expect(find("TOO_SMALL", small.id)).toMatchObject({ severity: "error" });
    expect(find("TOO_SMALL", small.id)!.message).toContain("200 x 200");
    expect(find("BLURRED", blurred.id)).toMatchObject({ severity: "error" });
    expect(find("BLURRED", original.id)).toBeUndefined();
    // The twin is a re-encoded copy of the original (and the blurred one is a blurred copy of it).
    const duplicate = find("NEAR_DUPLICATE", twin.id);
    expect(duplicate?.severity).toBe("warning");
    expect([original.id, blurred.id]).toContain(duplicate?.otherUploadId);
    expect(v.issues.some((i) => i.code === "NEAR_DUPLICATE" && i.uploadId === small.id)).toBe(false);
    expect(find("TOO_FEW_IMAGES", null)).toMatchObject({ severity: "warning" });
    expect(find("TOO_FEW_ANGLES", null)).toMatchObject({ severity: "warning" });
    expect(v.guidance.length).toBeGreaterThan(0);
    expect(v.images.find((i) => i.uploadId === original.id)!.sharpness).toBeGreaterThan(
      v.images.find((i) => i.uploadId === blurred.id)!.sharpness * 5,
    );

    // A set with turned views and action poses passes, with only the "fewer than 10" guidance.
    const good = await editor.post<{ validation: ValidationReport }>(
      `/projects/${projectId}/characters/validate`,
      {
        uploadIds: referenceIds,
      },
    );
    expect(good.body.validation.ok).toBe(true);
    expect(good.body.validation.issues.map((i) => i.code)).toEqual(["TOO_FEW_IMAGES"]);
    expect(good.body.validation.distinctViews).toBeGreaterThanOrEqual(2);
  });

  it("refuses 0 or more than 20 images, foreign uploads, viewers and outsiders", async () => {
    expectError(
      await editor.post(`/projects/${projectId}/characters/validate`, { uploadIds: [] }),
      400,
      "VALIDATION_FAILED",
    );
    const many = Array.from({ length: 21 }, () => crypto.randomUUID());
    expectError(
      await editor.post(`/projects/${projectId}/characters`, { name: "X", uploadIds: many }),
      400,
      "VALIDATION_FAILED",
    );
    const missing = await editor.post<{ validation: ValidationReport }>(
      `/projects/${projectId}/characters/validate`,
      {
        uploadIds: [crypto.randomUUID()],
      },
    );
    expect(missing.body.validation.issues[0]).toMatchObject({ code: "NOT_FOUND", severity: "error" });
    expectError(
      await viewer.post(`/projects/${projectId}/characters`, { name: "X", uploadIds: referenceIds }),
      403,
      "FORBIDDEN",
    );
    expectError(await outsider.get(`/projects/${projectId}/characters`), 404, "NOT_FOUND");
  });

  it("refuses a setup while references have errors, charging nothing", async () => {
    const tiny = await uploadImage(
      editor,
      projectId,
      await characterPicture(HERO_PALETTE, { seed: 30, size: 120 }),
    );
    const created = await editor.post<{ character: Character }>(`/projects/${projectId}/characters`, {
      name: "Tiny",
      uploadIds: [tiny.id],
    });
    expect(created.status).toBe(201);
    const before = await balance(editor);
    const reply = await editor.post(`/characters/${created.body.character.id}/setup`);
    expectError(reply, 400, "VALIDATION_FAILED");
    expect(
      (reply.body as { error: { details: { validation: ValidationReport } } }).error.details.validation.ok,
    ).toBe(false);
    expect(await balance(editor)).toBe(before);
  });
});

describe("character setup", () => {
  it("creates a draft character, then runs the setup as a charged job with progress", async () => {
    const created = await editor.post<{ character: Character; validation: ValidationReport }>(
      `/projects/${projectId}/characters`,
      { name: "Mira", description: "Courier", uploadIds: referenceIds },
    );
    expect(created.status).toBe(201);
    expect(created.body.character).toMatchObject({ status: "draft", name: "Mira", anchorCount: 0 });
    expect(created.body.character.references.map((r) => r.uploadId)).toEqual(referenceIds);
    expectError(await viewer.post(`/characters/${created.body.character.id}/setup`), 403, "FORBIDDEN");

    const before = await balance(editor);
    // Two clicks racing: one setup starts, the other is refused, and the price is held once.
    const both = await Promise.all(
      [0, 1].map(() =>
        editor.post<{ character: Character; job: LibraryJob }>(
          `/characters/${created.body.character.id}/setup`,
        ),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
    const started = both.find((r) => r.status === 202)!;
    expectError(both.find((r) => r.status === 409)!, 409, "CONFLICT");
    expect(started.body.character.status).toBe("training");
    expect(started.body.job).toMatchObject({ kind: "character-setup", cost: PRICES.characterSetup });
    expect(await balance(editor)).toBe(before - PRICES.characterSetup);
    expectError(await editor.post(`/characters/${created.body.character.id}/setup`), 409, "CONFLICT");
    // The database holds one running job per subject whatever the api checked first.
    await expect(
      api.db.sql`insert into library_jobs (project_id, kind, subject_id) values
                 (${projectId}, 'character-setup', ${created.body.character.id})`,
    ).rejects.toMatchObject({ constraint_name: "idx_library_jobs_one_active" });

    const { job, seen } = await waitForJob(viewer, started.body.job.id);
    expect(job).toMatchObject({ status: "completed", progress: 1, error: null });
    expect(seen.some((s) => s.progress > 0 && s.progress < 1 && /anchor \d+ of 24/.test(s.stage ?? ""))).toBe(
      true,
    );
    // Charged exactly once: the hold was committed, not released.
    expect(await balance(editor)).toBe(before - PRICES.characterSetup);
    const [reservation] = await api.db.sql<{ status: string }[]>`
      select r.status from credit_reservations r join library_jobs j on j.reservation_id = r.id where j.id = ${job.id}`;
    expect(reservation!.status).toBe("committed");

    character = (await viewer.get<{ character: Character }>(`/characters/${created.body.character.id}`)).body
      .character;
    expect(character.status).toBe("review");
    expect(character.palette.length).toBeGreaterThanOrEqual(4);
    // The outfit colour of the references is recovered as the first role.
    const nearest = (hex: string) =>
      HERO_PALETTE.reduce((best, c) => (colourDistance(hex, c) < colourDistance(hex, best) ? c : best));
    expect(nearest(character.palette[0]!)).toBe(HERO_PALETTE[0]);
    expect(nearest(character.identity!.hair!)).toBe(HERO_PALETTE[2]);
    expect(character.identity?.summary).toContain("Outfit");
    expect(character.style?.words.summary.length).toBeGreaterThan(5);
    expect(character.style?.numbers.shadingLevels).toBeGreaterThanOrEqual(2);
    expect(character.anchorCount).toBe(24);

    anchors = (await viewer.get<{ anchors: Anchor[] }>(`/characters/${character.id}/anchors`)).body.anchors;
    expect(anchors).toHaveLength(24);
    expect(anchors.every((a) => a.status === "ready" && a.imageUrl && !a.approved)).toBe(true);
    const image = await viewer.request("GET", anchors[0]!.imageUrl!.replace(/^\/api/, ""));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  }, 300_000);

  it("regenerates one anchor for its price, needing approval again, then approves the library", async () => {
    const target = anchors[3]!;
    const before = await balance(editor);
    const started = await editor.post<{ anchor: Anchor; job: LibraryJob }>(
      `/anchors/${target.id}/regenerate`,
    );
    expect(started.status).toBe(202);
    expect(started.body.anchor.status).toBe("generating");
    expect(await balance(editor)).toBe(before - PRICES.regenerateAnchor);
    const { job } = await waitForJob(editor, started.body.job.id);
    expect(job.status).toBe("completed");
    const after = (await editor.get<{ anchors: Anchor[] }>(`/characters/${character.id}/anchors`)).body
      .anchors;
    const regenerated = after.find((a) => a.id === target.id)!;
    expect(regenerated).toMatchObject({ status: "ready", approved: false, version: target.version + 1 });
    expect(regenerated.imageUrl).not.toBe(target.imageUrl);
    expect(await balance(editor)).toBe(before - PRICES.regenerateAnchor);

    expectError(await viewer.post(`/characters/${character.id}/anchors/approve`, {}), 403, "FORBIDDEN");
    const approved = await editor.post<{ character: Character; anchors: Anchor[] }>(
      `/characters/${character.id}/anchors/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    expect(approved.body.character).toMatchObject({ status: "active", approvedAnchorCount: 24 });
    // One rejected anchor is never picked for panels.
    const rejected = await editor.patch<{ anchor: Anchor }>(`/anchors/${after[1]!.id}`, { approved: false });
    expect(rejected.body.anchor.approved).toBe(false);
  }, 60_000);

  it("returns the credits when the setup fails (references gone from storage)", async () => {
    const ids = [];
    for (const seed of [51, 52]) {
      ids.push(
        (
          await uploadImage(
            editor,
            projectId,
            await characterPicture(HERO_PALETTE, { seed, pose: "running" }),
          )
        ).id,
      );
    }
    const created = await editor.post<{ character: Character }>(`/projects/${projectId}/characters`, {
      name: "Ghost",
      uploadIds: ids,
    });
    const keys = await api.db.sql<
      { storage_key: string }[]
    >`select storage_key from uploads where id = any(${ids}::uuid[])`;
    for (const { storage_key } of keys) await library.storage.delete(storage_key);
    const before = await balance(editor);
    const started = await editor.post<{ job: LibraryJob }>(`/characters/${created.body.character.id}/setup`);
    expect(started.status).toBe(202);
    expect(await balance(editor)).toBe(before - PRICES.characterSetup);
    const { job } = await waitForJob(editor, started.body.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/reference images could be read/);
    expect(await balance(editor)).toBe(before);
    const [reservation] = await api.db.sql<{ status: string }[]>`
      select r.status from credit_reservations r join library_jobs j on j.reservation_id = r.id where j.id = ${job.id}`;
    expect(reservation!.status).toBe("released");
    const after = await editor.get<{ character: Character }>(`/characters/${created.body.character.id}`);
    expect(after.body.character.status).toBe("failed");
  }, 60_000);

  it("refuses a setup the account cannot pay for, creating no job", async () => {
    const poor = api.client();
    await signUp(poor, "poor");
    await owner.post(`/projects/${projectId}/members`, { email: poor.user!.email, role: "editor" });
    const { balance: had } = await api.credits.getBalance(poor.user!.id);
    if (had > 0) await api.credits.grant(poor.user!.id, -had, "empty");
    const created = await poor.post<{ character: Character }>(`/projects/${projectId}/characters`, {
      name: "Broke",
      uploadIds: referenceIds,
    });
    expectError(await poor.post(`/characters/${created.body.character.id}/setup`), 402, "INSUFFICIENT_BUZZ");
    const [n] = await api.db.sql<{ n: number }[]>`
      select count(*)::int as n from library_jobs where subject_id = ${created.body.character.id}`;
    expect(n!.n).toBe(0);
  });
});

describe("styles", () => {
  let importedId: string;

  it("lists the curated catalogue with the samples the worker rendered", async () => {
    const reply = await viewer.get<{ styles: CatalogueStyle[] }>("/styles/catalogue");
    expect(reply.status).toBe(200);
    expect(reply.body.styles.length).toBeGreaterThanOrEqual(40);
    // The matcher of the character setup rendered the first four styles' samples.
    const rendered = reply.body.styles.filter((s) => s.sampleUrl);
    expect(rendered.length).toBeGreaterThanOrEqual(4);
    expect(rendered[0]!.sampleUrls).toHaveLength(4);
    const sample = await viewer.request("GET", rendered[0]!.sampleUrl!.replace(/^\/api/, ""));
    expect(sample.status).toBe(200);
    expect(sample.headers.get("content-type")).toBe("image/png");
  });

  it("imports a style for its price, analyses it in words and numbers, and caches by image hash", async () => {
    const pictures = [
      await characterPicture(["#c0504d", "#3d405b", "#2a1a14", "#e8b894"], { seed: 41, pose: "waving" }),
      await characterPicture(["#2a9d8f", "#264653", "#e9c46a", "#f1c7a5"], { seed: 42 }),
    ];
    const ids = [];
    for (const p of pictures) ids.push((await uploadImage(editor, projectId, p)).id);
    const before = await balance(editor);
    const started = await editor.post<{ style: ProjectStyle; job: LibraryJob }>(
      `/projects/${projectId}/styles/import`,
      {
        uploadIds: ids,
        name: "Poster look",
      },
    );
    expect(started.status).toBe(202);
    expect(await balance(editor)).toBe(before - PRICES.styleImport);
    expect((await waitForJob(editor, started.body.job.id)).job.status).toBe("completed");
    const style = (await viewer.get<{ style: ProjectStyle }>(`/styles/${started.body.style.id}`)).body.style;
    expect(style.analysis).not.toBeNull();
    expect(style.analysis!.words.summary).toMatch(/colours/);
    expect(style.analysis!.numbers.lineWeight).toBeGreaterThan(0);
    expect(style.analysis!.imageCount).toBe(2);
    expect(style.analysis!.matches.length).toBeLessThanOrEqual(3);
    expect(["apply", "choose", "reference", "curated"]).toContain(style.analysis!.decision.mode);
    expect(style.params).not.toBeNull();
    importedId = style.id;

    const again = await editor.post<{ style: ProjectStyle; job: LibraryJob }>(
      `/projects/${projectId}/styles/import`,
      {
        uploadIds: ids,
      },
    );
    await waitForJob(editor, again.body.job.id);
    const cached = (await editor.get<{ style: ProjectStyle }>(`/styles/${again.body.style.id}`)).body.style;
    expect(cached.analysis!.cachedCount).toBe(2);
    expect(cached.analysis!.numbers).toEqual(style.analysis!.numbers);
  }, 120_000);

  it("extracts a character's style for free", async () => {
    const before = await balance(editor);
    const started = await editor.post<{ style: ProjectStyle; job: LibraryJob }>(
      `/characters/${character.id}/style`,
    );
    expect(started.status).toBe(202);
    expect(started.body.job.cost).toBe(0);
    expect((await waitForJob(editor, started.body.job.id)).job.status).toBe("completed");
    expect(await balance(editor)).toBe(before);
    const style = (await editor.get<{ style: ProjectStyle }>(`/styles/${started.body.style.id}`)).body.style;
    expect(style).toMatchObject({ source: "character", characterId: character.id });
    expect(style.analysis!.cachedCount).toBe(referenceIds.length);
  }, 60_000);

  it("previews four environments with slider overrides, then saves the style as the project's lock", async () => {
    const started = await editor.post<{ style: ProjectStyle; job: LibraryJob }>(
      `/styles/${importedId}/preview`,
      {
        overrides: { warmth: 0.8, lineWeight: 0.9 },
      },
    );
    expect(started.status).toBe(202);
    expect(started.body.style.params).toMatchObject({ warmth: 0.8, lineWeight: 0.9 });
    expect((await waitForJob(editor, started.body.job.id)).job.status).toBe("completed");
    const style = (await viewer.get<{ style: ProjectStyle }>(`/styles/${importedId}`)).body.style;
    expect(style.previews.map((p) => p.scene)).toEqual(["indoor", "outdoor", "close-up", "establishing"]);
    const warm = await viewer.request("GET", style.previews[1]!.url.replace(/^\/api/, ""));
    expect(warm.status).toBe(200);

    // A cooler preview measurably changes the next pictures.
    const cool = await editor.post<{ job: LibraryJob }>(`/styles/${importedId}/preview`, {
      overrides: { warmth: -0.8 },
    });
    await waitForJob(editor, cool.body.job.id);
    const cooled = (await viewer.get<{ style: ProjectStyle }>(`/styles/${importedId}`)).body.style;
    const warmStats = await sharp(Buffer.from(await fetchBytes(style.previews[1]!.url))).stats();
    const coolStats = await sharp(Buffer.from(await fetchBytes(cooled.previews[1]!.url))).stats();
    const redMinusBlue = (s: { channels: Array<{ mean: number }> }) =>
      s.channels[0]!.mean - s.channels[2]!.mean;
    expect(redMinusBlue(warmStats)).toBeGreaterThan(redMinusBlue(coolStats) + 10);

    expectError(await viewer.post(`/styles/${importedId}/lock`), 403, "FORBIDDEN");
    const locked = await editor.post<{ lock: StyleLock }>(`/styles/${importedId}/lock`);
    expect(locked.status).toBe(200);
    expect(locked.body.lock.params).toMatchObject({ warmth: -0.8, lineWeight: 0.9 });
    const read = await viewer.get<{ lock: StyleLock | null }>(`/projects/${projectId}/style-lock`);
    expect(read.body.lock?.styleId).toBe(importedId);
    const listed = await viewer.get<{ styles: ProjectStyle[] }>(`/projects/${projectId}/styles`);
    expect(listed.body.styles.filter((s) => s.locked).map((s) => s.id)).toEqual([importedId]);

    // The lock is in the next panel generation's payload.
    const generation = await generate("shape:styled", { prompt: "a quiet street" });
    expect(generation.params.style).toEqual(locked.body.lock.params);
  }, 120_000);
});

describe("locations", () => {
  let location: Location;

  it("creates a draft in the project style, approves it, and locks 12 variants with depth maps", async () => {
    const created = await editor.post<{ location: Location; job: LibraryJob }>(
      `/projects/${projectId}/locations`,
      {
        name: "Main Street",
        description: "A narrow city street with shops, evening",
      },
    );
    expect(created.status).toBe(202);
    expect(created.body.job.cost).toBe(0);
    await waitForJob(editor, created.body.job.id);
    location = (await viewer.get<{ location: Location }>(`/locations/${created.body.location.id}`)).body
      .location;
    expect(location.status).toBe("draft");
    expect(location.previewUrl).toMatch(/draft-/);
    expectError(await editor.post(`/locations/${location.id}/lock`), 409, "CONFLICT");
    // Another take of the draft is free and replaces the picture to approve.
    const firstDraft = location.previewUrl;
    const retake = await editor.post<{ location: Location; job: LibraryJob }>(
      `/locations/${location.id}/regenerate`,
    );
    expect(retake.status).toBe(202);
    expect(retake.body.job.cost).toBe(0);
    await waitForJob(editor, retake.body.job.id);
    location = (await viewer.get<{ location: Location }>(`/locations/${location.id}`)).body.location;
    expect(location.previewUrl).not.toBe(firstDraft);
    expect(
      (await editor.post<{ location: Location }>(`/locations/${location.id}/approve`)).body.location.status,
    ).toBe("approved");

    const before = await balance(editor);
    const locking = await editor.post<{ location: Location; job: LibraryJob }>(
      `/locations/${location.id}/lock`,
    );
    expect(locking.status).toBe(202);
    expect(await balance(editor)).toBe(before - PRICES.locationLock);
    const { job, seen } = await waitForJob(editor, locking.body.job.id);
    expect(job.status).toBe("completed");
    expect(seen.some((s) => /variant \d+ of 12/.test(s.stage ?? ""))).toBe(true);
    expect(await balance(editor)).toBe(before - PRICES.locationLock);
    const variants = (await viewer.get<{ variants: LocationVariant[] }>(`/locations/${location.id}/variants`))
      .body.variants;
    expect(variants).toHaveLength(12);
    expect(new Set(variants.map((v) => `${v.camera}/${v.shot}/${v.lighting}`)).size).toBe(12);
    const depth = await fetchBytes(variants[0]!.depthUrl);
    const meta = await sharp(depth).metadata();
    expect([meta.width, meta.height]).toEqual([768, 512]);
    const stats = await sharp(depth).stats();
    // A real estimate, not a flat map: near (bright) and far (dark) are both there.
    expect(stats.channels[0]!.max - stats.channels[0]!.min).toBeGreaterThan(100);
    const day = await sharp(await fetchBytes(variants.find((v) => v.lighting === "day")!.imageUrl)).stats();
    const night = await sharp(
      await fetchBytes(
        variants.find((v) => v.lighting === "night" && v.camera === "eye" && v.shot === "wide")!.imageUrl,
      ),
    ).stats();
    expect(day.channels[2]!.mean).toBeGreaterThan(night.channels[2]!.mean);
    location = (await viewer.get<{ location: Location }>(`/locations/${location.id}`)).body.location;
    expect(location).toMatchObject({ status: "locked", variantCount: 12 });
  }, 120_000);

  it("uses a saved location's variant in a panel at no extra charge, with the characters placed", async () => {
    const mira = anchors.find((a) => a.angle === "front" && a.pose === "action")!;
    const before = await balance(editor);
    const generation = await generate("shape:street", {
      prompt: "Mira runs down the street, angry",
      location: {
        name: "Main Street",
        locationId: location.id,
        camera: "low",
        shot: "close",
        lighting: "dusk",
      },
      characters: [
        { characterId: character.id, x: 0.3, y: 0.9, scale: 0.8, pose: "running", expression: "angry" },
      ],
    });
    expect(await balance(editor)).toBe(before - PRICES.panelGeneration);
    expect(PRICES.useSavedLocation).toBe(0);
    const p = generation.params;
    expect(p.location).toMatchObject({ id: location.id, camera: "low", shot: "close", lighting: "dusk" });
    expect(p.location.variantKey).toMatch(/low-medium-night-image\.png$/);
    expect(p.location.depthKey).toMatch(/low-medium-night-depth\.png$/);
    expect(p.characters).toHaveLength(1);
    expect(p.characters[0]).toMatchObject({ id: character.id, x: 0.3, y: 0.9, scale: 0.8, pose: "running" });
    // Running + angry: no angry action anchor exists, so the pose wins: the front action anchor.
    expect(mira.imageUrl).toContain(encodeURIComponent(p.characters[0]!.anchorKey!.split("/").pop()!));
    expect(p.characters[0]!.referenceKeys!.length).toBe(referenceIds.length);
    const rows = await api.db.sql<
      { character_id: string; position_x: number; position_y: number; scale: number; pose: string }[]
    >`
      select pc.character_id, pc.position_x, pc.position_y, pc.scale, pc.pose
        from panel_characters pc join panels p on p.id = pc.panel_id
       where p.page_id = ${pageId} and p.shape_id = 'shape:street'`;
    expect(rows).toEqual([
      { character_id: character.id, position_x: 0.3, position_y: 0.9, scale: 0.8, pose: "running" },
    ]);
    const [panel] = await api.db.sql<{ location_id: string }[]>`
      select location_id from panels where page_id = ${pageId} and shape_id = 'shape:street'`;
    expect(panel!.location_id).toBe(location.id);

    // A character or location of another project is refused before anything is charged.
    const other = (await owner.post<{ project: Project }>("/projects", { name: "Other" })).body.project.id;
    const otherPage = (await owner.post<{ page: { id: string } }>(`/projects/${other}/pages`, {})).body.page
      .id;
    const ownerBefore = await balance(owner);
    expectError(
      await owner.post(`/pages/${otherPage}/panels/shape:x/generate`, {
        prompt: "stolen",
        characters: [{ characterId: character.id }],
      }),
      404,
      "NOT_FOUND",
    );
    expect(await balance(owner)).toBe(ownerBefore);

    // Archiving takes it out of the library; viewers cannot.
    expectError(await viewer.delete(`/locations/${location.id}`), 403, "FORBIDDEN");
    expect((await editor.delete(`/locations/${location.id}`)).status).toBe(204);
    const listed = await viewer.get<{ locations: Location[] }>(`/projects/${projectId}/locations`);
    expect(listed.body.locations.map((l) => l.id)).not.toContain(location.id);
  });
});

async function fetchBytes(url: string): Promise<Buffer> {
  const res = await fetch(`${api.url}${url}`, { headers: { cookie: `cs_session=${viewer.cookie}` } });
  if (res.status !== 200) {
    const reply = await viewer.request("GET", url.replace(/^\/api/, ""));
    throw new Error(`GET ${url}: ${res.status} / ${reply.status}`);
  }
  return Buffer.from(await res.arrayBuffer());
}

// biome-ignore lint/suspicious/noExplicitAny: the payload is read loosely in assertions
async function generate(shapeId: string, body: Record<string, unknown>): Promise<{ params: any }> {
  const reply = await editor.post<{ generation: Generation }>(
    `/pages/${pageId}/panels/${shapeId}/generate`,
    body,
  );
  expect(reply.status).toBe(202);
  const [row] = await api.db.sql<
    { params: unknown }[]
  >`select params from generations where id = ${reply.body.generation.id}`;
  return { params: row!.params };
}

function colourDistance(a: string, b: string): number {
  const rgb = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
  const [x, y] = [rgb(a), rgb(b)];
  return Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!);
}
