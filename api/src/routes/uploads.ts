import { pipeline } from "node:stream/promises";
import { AppError, uploadEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { receiveFile } from "../http/multipart.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import { normaliseImage } from "../services/images.ts";
import { findUpload, listUploads, saveUpload } from "../services/uploads.ts";

export function uploadRoutes({ sql, storage, config }: RouteContext): Router {
  const router = Router();
  const e = uploadEndpoints;

  serve(router, e.createUpload, async ({ user, params, req, res }) => {
    // Check the caller before reading a byte of the body.
    await editableProject(sql, params.projectId, user, "editor");
    const file = await receiveFile(req, config.UPLOAD_MAX_BYTES);
    const image = await normaliseImage(file.data, config.UPLOAD_MAX_PIXELS);
    const saved = await saveUpload(sql, storage, params.projectId, user.id, image);
    res.locals.log.info(
      {
        uploadId: saved.upload.id,
        sha256: image.sha256,
        declaredType: file.declaredType,
        bytes: file.data.length,
      },
      "upload stored",
    );
    if (saved.deduplicated) {
      res.status(200).json(e.createUpload.response.parse(saved));
      return undefined as never;
    }
    return saved;
  });

  serve(router, e.listUploads, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { uploads: await listUploads(sql, params.projectId) };
  });

  serve(router, e.getUpload, async ({ user, params, query, res }) => {
    const row = await findUpload(sql, params.uploadId);
    await projectAccess(sql, row.project_id, user);
    const thumb = query.thumb === "1";
    const object = await storage.get(thumb ? row.thumbnail_key : row.storage_key);
    if (!object) throw new AppError("NOT_FOUND", "The image's bytes are missing from storage.");
    res.status(200);
    res.setHeader("content-type", thumb ? "image/webp" : row.mime);
    if (object.size !== undefined) res.setHeader("content-length", String(object.size));
    // Content-addressed, so it never changes; private, because access depends on membership.
    res.setHeader("cache-control", "private, max-age=31536000, immutable");
    res.setHeader("etag", `"${row.sha256}${thumb ? "-t" : ""}"`);
    res.setHeader("content-security-policy", "default-src 'none'; sandbox");
    await pipeline(object.body, res);
    return undefined;
  });

  return router;
}
