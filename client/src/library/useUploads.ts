import type { Upload } from "@comic-studio/shared";
import { useCallback, useRef, useState } from "react";
import { errorText } from "./errors.ts";
import { uploadImage } from "./uploads.ts";

/** One picked image on its way to the server. */
export interface PickedImage {
  key: string;
  name: string;
  /** Local preview while it uploads (object URL). */
  previewUrl: string;
  status: "uploading" | "done" | "error";
  upload?: Upload;
  error?: string;
}

let counter = 0;

/**
 * The images a creator picks for a character or a style: each uploads as soon as it is added,
 * at most `max` are kept, and the same picture added twice is kept once (the server answers the
 * same upload id for the same bytes).
 */
export function useUploads(projectId: string, max: number) {
  const [images, setImages] = useState<PickedImage[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const seenRef = useRef(new Set<string>());

  // Mirrors the list so `add` can count what is there without side effects inside a state updater.
  const countRef = useRef(0);
  countRef.current = images.length;

  const add = useCallback(
    (files: readonly File[]) => {
      setNotice(null);
      const accepted = files.filter((f) => f.type.startsWith("image/"));
      if (accepted.length < files.length) setNotice("Only images (PNG, JPEG, WebP) can be added.");
      const room = Math.max(0, max - countRef.current);
      if (accepted.length > room) setNotice(`At most ${max} images; the extra ones were left out.`);
      const added = accepted.slice(0, room).map((file): PickedImage => {
        counter += 1;
        return {
          key: `img-${counter}`,
          name: file.name,
          previewUrl: URL.createObjectURL(file),
          status: "uploading",
        };
      });
      countRef.current += added.length;
      setImages((current) => [...current, ...added]);
      added.forEach((item, i) => {
        const file = accepted[i]!;
        uploadImage(projectId, file).then(
          (upload) => {
            setImages((list) => {
              const duplicate = list.some((x) => x.key !== item.key && x.upload?.id === upload.id);
              if (duplicate) return list.filter((x) => x.key !== item.key);
              return list.map((x) => (x.key === item.key ? { ...x, status: "done", upload } : x));
            });
            if (seenRef.current.has(upload.id)) {
              setNotice(`“${file.name}” is the same picture as one already added.`);
            }
            seenRef.current.add(upload.id);
          },
          (e: unknown) =>
            setImages((list) =>
              list.map((x) =>
                x.key === item.key ? { ...x, status: "error", error: errorText(e, "Upload failed.") } : x,
              ),
            ),
        );
      });
    },
    [projectId, max],
  );

  const remove = useCallback((key: string) => {
    setImages((list) => {
      const item = list.find((i) => i.key === key);
      if (item) URL.revokeObjectURL(item.previewUrl);
      if (item?.upload) seenRef.current.delete(item.upload.id);
      return list.filter((i) => i.key !== key);
    });
  }, []);

  const uploadIds = images.flatMap((i) => (i.upload ? [i.upload.id] : []));
  const uploading = images.some((i) => i.status === "uploading");
  return { images, add, remove, uploadIds, uploading, notice };
}
