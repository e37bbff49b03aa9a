import { z } from "zod";
import { CHARACTER_REFERENCES, STYLE_IMPORT_IMAGES, styleOverridesSchema } from "../library.ts";
import { idSchema, projectParams } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";
import {
  anchorSchema,
  catalogueStyleSchema,
  characterSchema,
  libraryJobSchema,
  locationSchema,
  locationVariantSchema,
  projectStyleSchema,
  styleLockSchema,
  validationReportSchema,
} from "./library-schemas.ts";

/**
 * The library's routes: characters and their anchor library, styles (catalogue, extraction,
 * import, preview, project lock) and locations. Schemas are in library-schemas.ts.
 */
export * from "./library-schemas.ts";

// ---------------------------------------------------------------- endpoints

const characterParams = z.object({ characterId: idSchema });
const anchorParams = z.object({ anchorId: idSchema });
const styleParams = z.object({ styleId: idSchema });
const locationParams = z.object({ locationId: idSchema });
const uploadIds = z
  .array(idSchema)
  .min(CHARACTER_REFERENCES.min, "Add at least one reference image")
  .max(CHARACTER_REFERENCES.max, `At most ${CHARACTER_REFERENCES.max} reference images`);

const READ_ERRORS = ["UNAUTHENTICATED", "NOT_FOUND"] as const;
const WRITE_ERRORS = ["UNAUTHENTICATED", "NOT_FOUND", "FORBIDDEN", "CSRF_REJECTED", "CONFLICT"] as const;
const CHARGED_ERRORS = [...WRITE_ERRORS, "INSUFFICIENT_BUZZ", "SERVICE_UNAVAILABLE"] as const;

export const createCharacterBody = z.object({
  name: z.string().trim().min(1, "Name the character").max(255),
  description: z.string().trim().max(2_000).optional(),
  uploadIds,
});
export const updateCharacterBody = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  description: z.string().trim().max(2_000).optional(),
  uploadIds: uploadIds.optional(),
});

export const libraryEndpoints = {
  getLibraryJob: defineEndpoint({
    method: "get",
    path: "/library-jobs/:jobId",
    summary: "A library job's status and progress (poll it while it runs)",
    tag: "library",
    auth: "session",
    status: 200,
    params: z.object({ jobId: idSchema }),
    response: z.object({ job: libraryJobSchema }),
    errors: READ_ERRORS,
  }),

  // characters
  listCharacters: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/characters",
    summary: "The project's characters",
    tag: "library",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ characters: z.array(characterSchema) }),
    errors: READ_ERRORS,
  }),
  validateReferences: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/characters/validate",
    summary: "Checks reference images (size, blur, near-duplicates, angle variety) without saving anything",
    tag: "library",
    auth: "session",
    status: 200,
    params: projectParams,
    body: z.object({ uploadIds }),
    response: z.object({ validation: validationReportSchema }),
    errors: WRITE_ERRORS,
  }),
  createCharacter: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/characters",
    summary: "Creates a character (draft) from uploaded reference images and returns their validation",
    tag: "library",
    auth: "session",
    status: 201,
    params: projectParams,
    body: createCharacterBody,
    response: z.object({ character: characterSchema, validation: validationReportSchema }),
    errors: WRITE_ERRORS,
  }),
  getCharacter: defineEndpoint({
    method: "get",
    path: "/characters/:characterId",
    summary: "A character with its features, validation and latest job",
    tag: "library",
    auth: "session",
    status: 200,
    params: characterParams,
    response: z.object({ character: characterSchema }),
    errors: READ_ERRORS,
  }),
  updateCharacter: defineEndpoint({
    method: "patch",
    path: "/characters/:characterId",
    summary: "Renames a character or replaces its references (before setup); returns the validation",
    tag: "library",
    auth: "session",
    status: 200,
    params: characterParams,
    body: updateCharacterBody,
    response: z.object({ character: characterSchema, validation: validationReportSchema }),
    errors: WRITE_ERRORS,
  }),
  deleteCharacter: defineEndpoint({
    method: "delete",
    path: "/characters/:characterId",
    summary: "Archives a character (panels that used it keep their pictures)",
    tag: "library",
    auth: "session",
    status: 204,
    params: characterParams,
    errors: WRITE_ERRORS,
  }),
  startCharacterSetup: defineEndpoint({
    method: "post",
    path: "/characters/:characterId/setup",
    summary:
      "Runs the character setup (features, free style extraction, 24 anchors) as a job; charges characterSetup. " +
      "Refused with VALIDATION_FAILED (details.validation) while the references have errors.",
    tag: "library",
    auth: "session",
    status: 202,
    params: characterParams,
    response: z.object({ character: characterSchema, job: libraryJobSchema }),
    errors: [...CHARGED_ERRORS, "VALIDATION_FAILED"],
  }),
  listAnchors: defineEndpoint({
    method: "get",
    path: "/characters/:characterId/anchors",
    summary: "The character's anchor library, in the setup's order",
    tag: "library",
    auth: "session",
    status: 200,
    params: characterParams,
    response: z.object({ anchors: z.array(anchorSchema) }),
    errors: READ_ERRORS,
  }),
  regenerateAnchor: defineEndpoint({
    method: "post",
    path: "/anchors/:anchorId/regenerate",
    summary: "Generates one anchor again (charges regenerateAnchor); it must be approved again",
    tag: "library",
    auth: "session",
    status: 202,
    params: anchorParams,
    response: z.object({ anchor: anchorSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  setAnchorApproval: defineEndpoint({
    method: "patch",
    path: "/anchors/:anchorId",
    summary: "Approves or rejects one anchor (rejected anchors are never picked for panels)",
    tag: "library",
    auth: "session",
    status: 200,
    params: anchorParams,
    body: z.object({ approved: z.boolean() }),
    response: z.object({ anchor: anchorSchema }),
    errors: WRITE_ERRORS,
  }),
  approveAnchors: defineEndpoint({
    method: "post",
    path: "/characters/:characterId/anchors/approve",
    summary:
      "Approves the anchor library (all ready anchors, or the listed ones) and makes the character active",
    tag: "library",
    auth: "session",
    status: 200,
    params: characterParams,
    body: z.object({ anchorIds: z.array(idSchema).max(64).optional() }),
    response: z.object({ character: characterSchema, anchors: z.array(anchorSchema) }),
    errors: WRITE_ERRORS,
  }),

  // styles
  listCatalogueStyles: defineEndpoint({
    method: "get",
    path: "/styles/catalogue",
    summary: "The curated style catalogue (the fallback of style matching), with sample pictures",
    tag: "library",
    auth: "session",
    status: 200,
    response: z.object({ styles: z.array(catalogueStyleSchema) }),
    errors: ["UNAUTHENTICATED"],
  }),
  getCatalogueSample: defineEndpoint({
    method: "get",
    path: "/styles/catalogue/:catalogueId/sample",
    summary: "A catalogue style's sample picture (PNG)",
    tag: "library",
    auth: "session",
    status: 200,
    params: z.object({ catalogueId: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
    /** Which sample (0 indoor, 1 outdoor, 2 close-up, 3 establishing); default 0. */
    query: z.object({ n: z.coerce.number().int().min(0).max(3).optional() }),
    content: "binary",
    errors: READ_ERRORS,
  }),
  listProjectStyles: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/styles",
    summary: "Style candidates of the project (extracted, imported, picked), newest first",
    tag: "library",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ styles: z.array(projectStyleSchema) }),
    errors: READ_ERRORS,
  }),
  extractCharacterStyle: defineEndpoint({
    method: "post",
    path: "/characters/:characterId/style",
    summary: "Extracts the style of a character's references (free); analysis runs as a job",
    tag: "library",
    auth: "session",
    status: 202,
    params: characterParams,
    response: z.object({ style: projectStyleSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  importStyle: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/styles/import",
    summary: "Imports a style from 1-5 uploaded images (charges styleImport); analysis runs as a job",
    tag: "library",
    auth: "session",
    status: 202,
    params: projectParams,
    body: z.object({
      uploadIds: z
        .array(idSchema)
        .min(STYLE_IMPORT_IMAGES.min, "Add at least one image")
        .max(STYLE_IMPORT_IMAGES.max, `At most ${STYLE_IMPORT_IMAGES.max} images`),
      name: z.string().trim().min(1).max(255).optional(),
    }),
    response: z.object({ style: projectStyleSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  pickCatalogueStyle: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/styles/catalogue",
    summary: "Adds a curated catalogue style to the project's candidates (free)",
    tag: "library",
    auth: "session",
    status: 201,
    params: projectParams,
    body: z.object({ catalogueId: z.string().min(1).max(80) }),
    response: z.object({ style: projectStyleSchema }),
    errors: WRITE_ERRORS,
  }),
  getStyle: defineEndpoint({
    method: "get",
    path: "/styles/:styleId",
    summary: "A style candidate with its analysis (words, numbers, matches, decision) and previews",
    tag: "library",
    auth: "session",
    status: 200,
    params: styleParams,
    response: z.object({ style: projectStyleSchema }),
    errors: READ_ERRORS,
  }),
  previewStyle: defineEndpoint({
    method: "post",
    path: "/styles/:styleId/preview",
    summary:
      "Generates the four sample environments (indoor, outdoor, close-up, establishing) with the slider " +
      "overrides (free); `catalogueId` applies one of the offered matches",
    tag: "library",
    auth: "session",
    status: 202,
    params: styleParams,
    body: z.object({
      overrides: styleOverridesSchema.optional(),
      catalogueId: z.string().min(1).max(80).nullable().optional(),
    }),
    response: z.object({ style: projectStyleSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  saveStyleLock: defineEndpoint({
    method: "post",
    path: "/styles/:styleId/lock",
    summary: "Makes the style the project's style lock, applied to every later generation",
    tag: "library",
    auth: "session",
    status: 200,
    params: styleParams,
    response: z.object({ lock: styleLockSchema }),
    errors: WRITE_ERRORS,
  }),
  getStyleLock: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/style-lock",
    summary: "The project's style lock (null: generations use the engine's default style)",
    tag: "library",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ lock: styleLockSchema.nullable() }),
    errors: READ_ERRORS,
  }),
  clearStyleLock: defineEndpoint({
    method: "delete",
    path: "/projects/:projectId/style-lock",
    summary: "Removes the project's style lock",
    tag: "library",
    auth: "session",
    status: 204,
    params: projectParams,
    errors: WRITE_ERRORS,
  }),

  // locations
  listLocations: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/locations",
    summary: "The project's locations",
    tag: "library",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ locations: z.array(locationSchema) }),
    errors: READ_ERRORS,
  }),
  createLocation: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/locations",
    summary: "Creates a location from a description and renders a draft in the project style (free)",
    tag: "library",
    auth: "session",
    status: 202,
    params: projectParams,
    body: z.object({
      name: z.string().trim().min(1, "Name the location").max(255),
      description: z.string().trim().min(1, "Describe the location").max(2_000),
    }),
    response: z.object({ location: locationSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  getLocation: defineEndpoint({
    method: "get",
    path: "/locations/:locationId",
    summary: "A location with its draft and latest job",
    tag: "library",
    auth: "session",
    status: 200,
    params: locationParams,
    response: z.object({ location: locationSchema }),
    errors: READ_ERRORS,
  }),
  regenerateLocation: defineEndpoint({
    method: "post",
    path: "/locations/:locationId/regenerate",
    summary: "Renders the draft again (free; only before the lock)",
    tag: "library",
    auth: "session",
    status: 202,
    params: locationParams,
    response: z.object({ location: locationSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  approveLocation: defineEndpoint({
    method: "post",
    path: "/locations/:locationId/approve",
    summary: "Approves the draft, so the location can be locked",
    tag: "library",
    auth: "session",
    status: 200,
    params: locationParams,
    response: z.object({ location: locationSchema }),
    errors: WRITE_ERRORS,
  }),
  lockLocation: defineEndpoint({
    method: "post",
    path: "/locations/:locationId/lock",
    summary:
      "Locks an approved location: 12 variants (3 cameras x 2 shots x 2 lights) with depth maps, as a job; charges locationLock",
    tag: "library",
    auth: "session",
    status: 202,
    params: locationParams,
    response: z.object({ location: locationSchema, job: libraryJobSchema }),
    errors: CHARGED_ERRORS,
  }),
  listLocationVariants: defineEndpoint({
    method: "get",
    path: "/locations/:locationId/variants",
    summary: "The locked location's variants with depth maps",
    tag: "library",
    auth: "session",
    status: 200,
    params: locationParams,
    response: z.object({ variants: z.array(locationVariantSchema) }),
    errors: READ_ERRORS,
  }),
  deleteLocation: defineEndpoint({
    method: "delete",
    path: "/locations/:locationId",
    summary: "Archives a location (panels keep their pictures)",
    tag: "library",
    auth: "session",
    status: 204,
    params: locationParams,
    errors: WRITE_ERRORS,
  }),
} as const;
