import { z } from "zod";
import { idSchema, pageParams, projectParams, roleSchema } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

/** Panel layouts a new page can start from; the page document lays the panels out. */
export const LAYOUT_TEMPLATES = [
  "blank",
  "1-panel",
  "2-panel",
  "3-panel",
  "4-panel",
  "5-panel",
  "6-panel",
  "webtoon-strip",
] as const;
export const layoutTemplateSchema = z.enum(LAYOUT_TEMPLATES);
export type LayoutTemplate = z.infer<typeof layoutTemplateSchema>;

export const PAGE_STATUSES = ["draft", "complete", "exported"] as const;

export const apiPageSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  chapterNumber: z.number().int(),
  pageNumber: z.number().int(),
  title: z.string().nullable(),
  /** Null only for pages made before templates existed; treat as "blank". */
  layoutTemplate: z.string().nullable(),
  status: z.enum(PAGE_STATUSES),
});
export type Page = z.infer<typeof apiPageSchema>;

export const createPageBody = z.object({
  layoutTemplate: layoutTemplateSchema.default("blank"),
  title: z.string().trim().max(255).nullish(),
  chapterNumber: z.number().int().min(1).max(10_000).default(1),
});
export const updatePageBody = z
  .object({
    title: z.string().trim().max(255).nullable().optional(),
    status: z.enum(PAGE_STATUSES).optional(),
  })
  .refine((b) => b.title !== undefined || b.status !== undefined, "Nothing to change");
/** Every page of the project, each exactly once, in the new reading order. */
export const reorderPagesBody = z.object({ pageIds: z.array(idSchema).min(1).max(10_000) });

const pagesResponse = z.object({ pages: z.array(apiPageSchema) });
const ERRORS = ["UNAUTHENTICATED", "NOT_FOUND", "FORBIDDEN", "CSRF_REJECTED", "CONFLICT"] as const;

export const pageEndpoints = {
  listPages: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/pages",
    summary: "Pages of a project in reading order (chapter, page)",
    tag: "pages",
    auth: "session",
    status: 200,
    params: projectParams,
    response: pagesResponse,
    errors: ERRORS,
  }),
  createPage: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/pages",
    summary: "Add a page at the end of its chapter (editor)",
    tag: "pages",
    auth: "session",
    status: 201,
    params: projectParams,
    body: createPageBody,
    response: z.object({ page: apiPageSchema }),
    errors: ERRORS,
  }),
  reorderPages: defineEndpoint({
    method: "put",
    path: "/projects/:projectId/pages/order",
    summary: "Reorder pages: numbers 1..n per chapter in the given order (editor)",
    tag: "pages",
    auth: "session",
    status: 200,
    params: projectParams,
    body: reorderPagesBody,
    response: pagesResponse,
    errors: ERRORS,
  }),
  getPage: defineEndpoint({
    method: "get",
    path: "/pages/:pageId",
    summary: "One page, its project and the caller's role",
    tag: "pages",
    auth: "session",
    status: 200,
    params: pageParams,
    response: z.object({
      page: apiPageSchema,
      project: z.object({ id: z.string(), name: z.string() }),
      role: roleSchema,
    }),
    errors: ERRORS,
  }),
  updatePage: defineEndpoint({
    method: "patch",
    path: "/pages/:pageId",
    summary: "Retitle a page or change its status (editor)",
    tag: "pages",
    auth: "session",
    status: 200,
    params: pageParams,
    body: updatePageBody,
    response: z.object({ page: apiPageSchema }),
    errors: ERRORS,
  }),
  deletePage: defineEndpoint({
    method: "delete",
    path: "/pages/:pageId",
    summary: "Delete a page; later pages of its chapter move up (editor)",
    tag: "pages",
    auth: "session",
    status: 204,
    params: pageParams,
    errors: ERRORS,
  }),
} as const;
