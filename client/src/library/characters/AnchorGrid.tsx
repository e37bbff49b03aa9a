import {
  ANCHOR_ANGLE_LABEL,
  ANCHOR_ANGLES,
  ANCHOR_EXPRESSIONS,
  ANCHOR_POSES,
  type Anchor,
  libraryEndpoints as lib,
  PRICES,
} from "@comic-studio/shared";
import { useState } from "react";
import { call } from "../../lib/api.ts";
import { errorText } from "../errors.ts";
import { type LibMessage, Message } from "../Message.tsx";
import { AnchorCard } from "./AnchorCard.tsx";

const GROUPINGS = ["pose", "angle", "expression"] as const;
type Grouping = (typeof GROUPINGS)[number];

function groupsOf(anchors: readonly Anchor[], by: Grouping): Array<{ title: string; anchors: Anchor[] }> {
  switch (by) {
    case "pose":
      return ANCHOR_POSES.map((pose) => ({ title: pose, anchors: anchors.filter((a) => a.pose === pose) }));
    case "angle":
      return ANCHOR_ANGLES.map((angle) => ({
        title: ANCHOR_ANGLE_LABEL[angle],
        anchors: anchors.filter((a) => a.angle === angle),
      }));
    case "expression":
      return ANCHOR_EXPRESSIONS.map((expression) => ({
        title: expression,
        anchors: anchors.filter((a) => a.expression === expression),
      }));
  }
}

/**
 * Anchor review: the setup's pictures grouped by pose, angle or expression; regenerate any one
 * (charged), approve one by one or all at once. Approved anchors are the pool panels draw from.
 */
export function AnchorGrid({
  anchors,
  canEdit,
  onChanged,
}: {
  anchors: readonly Anchor[];
  canEdit: boolean;
  /** Reload anchors and the character after a change. */
  onChanged(): void;
}) {
  const [by, setBy] = useState<Grouping>("pose");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<LibMessage | null>(null);
  const approved = anchors.filter((a) => a.approved).length;
  const ready = anchors.filter((a) => a.status === "ready").length;

  async function act(fn: () => Promise<unknown>, ok?: string) {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      if (ok) setMessage({ kind: "ok", text: ok });
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  const characterId = anchors[0]?.characterId;
  return (
    <section className="card section" aria-label="Anchor library">
      <div className="lib-section-head">
        <div>
          <h2>Anchor library</h2>
          <p className="muted small" data-testid="anchor-counts">
            {anchors.length} anchors · {ready} ready · {approved} approved. Panels use the nearest approved
            anchor; regenerate any you don’t like ({PRICES.regenerateAnchor} credits each).
          </p>
        </div>
        <div className="inline-form">
          <label className="lib-inline-label">
            Group by
            <select value={by} onChange={(e) => setBy(e.target.value as Grouping)}>
              {GROUPINGS.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
          {canEdit && characterId && (
            <button
              type="button"
              className="button primary"
              disabled={busy || ready === 0}
              onClick={() =>
                void act(
                  () => call(lib.approveAnchors, { params: { characterId }, body: {} }),
                  "Anchors approved: the character is ready for panels.",
                )
              }
            >
              Approve all ready anchors
            </button>
          )}
        </div>
      </div>
      <Message message={message} />
      {groupsOf(anchors, by)
        .filter((g) => g.anchors.length > 0)
        .map((group) => (
          <div key={group.title} className="lib-anchor-group">
            <h3>
              {group.title} <span className="muted small">({group.anchors.length})</span>
            </h3>
            <ul className="lib-anchor-grid">
              {group.anchors.map((anchor) => (
                <AnchorCard
                  key={anchor.id}
                  anchor={anchor}
                  canEdit={canEdit}
                  busy={busy}
                  onApprove={(a, value) =>
                    void act(() =>
                      call(lib.setAnchorApproval, { params: { anchorId: a.id }, body: { approved: value } }),
                    )
                  }
                  onRegenerate={(a) =>
                    void act(
                      () => call(lib.regenerateAnchor, { params: { anchorId: a.id } }),
                      `Drawing the ${ANCHOR_ANGLE_LABEL[a.angle]} ${a.expression} ${a.pose} anchor again…`,
                    )
                  }
                />
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
