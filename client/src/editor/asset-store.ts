import type { TLAssetStore } from "tldraw";

/**
 * Images dropped or pasted onto a page go to the api's project uploads (so the page document
 * holds a URL, never the image bytes); without a project they are refused.
 */
export function createAssetStore(projectId: string | undefined): TLAssetStore {
  return {
    async upload(_asset, file) {
      if (!projectId) throw new Error("Images can only be added to a page of a project.");
      const form = new FormData();
      form.append("file", file);
      const response = await fetch(`/api/projects/${projectId}/uploads`, {
        method: "POST",
        body: form,
        credentials: "same-origin",
      });
      const body = (await response.json().catch(() => null)) as { upload?: { url: string } } | null;
      if (!response.ok || !body?.upload) throw new Error("The image could not be uploaded.");
      return { src: body.upload.url };
    },
    resolve(asset) {
      return asset.props.src;
    },
  };
}
