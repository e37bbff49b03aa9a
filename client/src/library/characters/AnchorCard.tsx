import { ANCHOR_ANGLE_LABEL, type Anchor, PRICES } from "@comic-studio/shared";
import { versioned } from "../images.ts";

export function anchorLabel(anchor: Anchor): string {
  return `${ANCHOR_ANGLE_LABEL[anchor.angle]} · ${anchor.expression} · ${anchor.pose}`;
}

/** One anchor: its picture, approval and a regenerate button with its price. */
export function AnchorCard({
  anchor,
  canEdit,
  busy,
  onRegenerate,
  onApprove,
}: {
  anchor: Anchor;
  canEdit: boolean;
  busy: boolean;
  onRegenerate(anchor: Anchor): void;
  onApprove(anchor: Anchor, approved: boolean): void;
}) {
  const label = anchorLabel(anchor);
  const working = anchor.status === "pending" || anchor.status === "generating";
  return (
    <li
      className={`lib-anchor${anchor.approved ? " is-approved" : ""} lib-anchor-${anchor.status}`}
      data-testid="anchor"
      data-anchor-id={anchor.id}
      data-version={anchor.version}
    >
      <div className="lib-anchor-img">
        {anchor.imageUrl && anchor.status === "ready" ? (
          <img src={versioned(anchor.imageUrl, anchor.version)} alt={label} loading="lazy" />
        ) : (
          <span className="muted small">
            {working ? "Drawing…" : anchor.status === "failed" ? "Failed" : "Waiting"}
          </span>
        )}
      </div>
      <span className="small lib-anchor-label">{label}</span>
      {canEdit && (
        <div className="lib-anchor-actions">
          <label className="check small">
            <input
              type="checkbox"
              checked={anchor.approved}
              disabled={anchor.status !== "ready" || busy}
              onChange={(e) => onApprove(anchor, e.target.checked)}
              aria-label={`Approve ${label}`}
            />
            Approved
          </label>
          <button
            type="button"
            className="button ghost small"
            disabled={working || busy}
            onClick={() => onRegenerate(anchor)}
            aria-label={`Regenerate ${label} · ${PRICES.regenerateAnchor} credits`}
            title={`Draw this anchor again · ${PRICES.regenerateAnchor} credits`}
          >
            ↻ {PRICES.regenerateAnchor}
          </button>
        </div>
      )}
    </li>
  );
}
