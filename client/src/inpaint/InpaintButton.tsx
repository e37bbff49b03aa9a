import type { PanelShape } from "@comic-studio/shared";
import { useState } from "react";
import { InpaintDialog } from "./InpaintDialog.tsx";

/** Opens the inpainting dialog for a panel that has a picture (editors only). */
export function InpaintButton({
  pageId,
  panel,
  canEdit,
  busy,
}: {
  pageId: string;
  panel: PanelShape;
  canEdit: boolean;
  /** A job is queued or running on the panel: a fix would have to wait. */
  busy: boolean;
}) {
  const [open, setOpen] = useState(false);
  const imageUrl = panel.props.imageUrl;
  if (!canEdit || !imageUrl) return null;
  return (
    <>
      <button
        type="button"
        className="button inp-open"
        onClick={() => setOpen(true)}
        disabled={busy}
        title={busy ? "Wait for the running job to finish" : "Paint a mask and regenerate that region"}
      >
        Fix a region…
      </button>
      {open && (
        <InpaintDialog
          imageUrl={imageUrl}
          pageId={pageId}
          shapeId={panel.id}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
