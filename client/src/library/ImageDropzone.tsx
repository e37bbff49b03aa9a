import { type DragEvent, type ReactNode, useId, useState } from "react";
import type { PickedImage } from "./useUploads.ts";

/**
 * Drop images here or pick them with the file input (the input is the keyboard path); shows a
 * thumbnail per image with a slot under it for what the checks say about that image.
 */
export function ImageDropzone({
  label,
  hint,
  images,
  max,
  onAdd,
  onRemove,
  noteFor,
}: {
  label: string;
  hint: ReactNode;
  images: readonly PickedImage[];
  max: number;
  onAdd(files: File[]): void;
  onRemove(key: string): void;
  /** What the validation says about one image (shown under its thumbnail). */
  noteFor?: (image: PickedImage) => ReactNode;
}) {
  const inputId = useId();
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    onAdd(Array.from(event.dataTransfer.files));
  };
  return (
    <div className="lib-drop-wrap">
      <section
        className={`lib-drop${over ? " is-over" : ""}`}
        aria-label={label}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="image-dropzone"
      >
        <p>
          <strong>Drop images here</strong> or{" "}
          <label htmlFor={inputId} className="lib-file-label">
            choose files
          </label>
          <input
            id={inputId}
            className="lib-file-input"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            multiple
            aria-label={label}
            disabled={images.length >= max}
            onChange={(event) => {
              onAdd(Array.from(event.target.files ?? []));
              event.target.value = "";
            }}
          />
        </p>
        <p className="muted small">{hint}</p>
        <p className="muted small">
          {images.length} of at most {max}
        </p>
      </section>
      {images.length > 0 && (
        <ul className="lib-thumbs" aria-label="Chosen images">
          {images.map((image, index) => (
            <li key={image.key} className={`lib-thumb lib-thumb-${image.status}`}>
              <img src={image.previewUrl} alt={`Reference ${index + 1}: ${image.name}`} />
              <div className="lib-thumb-meta">
                <span className="small" title={image.name}>
                  {index + 1}. {image.name}
                </span>
                {image.status === "uploading" && <span className="muted small">Uploading…</span>}
                {image.status === "error" && <span className="error small">{image.error}</span>}
                {image.upload && (
                  <span className="muted small">
                    {image.upload.width} × {image.upload.height}
                  </span>
                )}
                {noteFor?.(image)}
              </div>
              <button
                type="button"
                className="button ghost lib-thumb-remove"
                aria-label={`Remove image ${index + 1}`}
                onClick={() => onRemove(image.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
