import { type ProjectStyle, STYLE_PREVIEW_SCENES, type StylePreviewScene } from "@comic-studio/shared";
import { versioned } from "../images.ts";

const SCENE_LABEL: Record<StylePreviewScene, string> = {
  indoor: "Indoor scene",
  outdoor: "Outdoor scene",
  "close-up": "Close-up background",
  establishing: "Wide establishing shot",
};

/** The four sample environments of the latest preview, in the plan's order. */
export function PreviewGrid({ style, working }: { style: ProjectStyle; working: boolean }) {
  const stamp = style.job?.completedAt ?? style.job?.id ?? "0";
  return (
    <ul className={`lib-preview-grid${working ? " is-working" : ""}`} aria-label="Style preview">
      {STYLE_PREVIEW_SCENES.map((scene) => {
        const image = style.previews.find((p) => p.scene === scene);
        return (
          <li key={scene} data-testid="style-preview-image">
            <div className="lib-preview-img">
              {image ? (
                <img src={versioned(image.url, stamp)} alt={SCENE_LABEL[scene]} />
              ) : (
                <span className="muted small">{working ? "Drawing…" : "Not previewed yet"}</span>
              )}
            </div>
            <span className="small">{SCENE_LABEL[scene]}</span>
          </li>
        );
      })}
    </ul>
  );
}
