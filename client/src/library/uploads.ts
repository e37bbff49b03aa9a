import { isErrorBody, type Upload } from "@comic-studio/shared";
import { ApiError } from "../lib/api.ts";

/**
 * Uploads one image to the project (multipart field `file`, the uploads endpoint's contract).
 * The server checks the bytes, normalises the image and answers the same upload for the same
 * picture, so adding a file twice is harmless.
 */
export async function uploadImage(projectId: string, file: File): Promise<Upload> {
  const form = new FormData();
  form.append("file", file);
  let response: Response;
  try {
    response = await fetch(`/api/projects/${projectId}/uploads`, {
      method: "POST",
      body: form,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("NETWORK", "Cannot reach the server. Check your connection and try again.", 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new ApiError(body.error.code, body.error.message, response.status, body.error.details);
    }
    throw new ApiError("INTERNAL", `The server answered ${response.status}.`, response.status);
  }
  return (body as { upload: Upload }).upload;
}
