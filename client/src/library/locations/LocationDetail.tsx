import { libraryEndpoints as lib, PRICES } from "@comic-studio/shared";
import { useState } from "react";
import { ApiError, call } from "../../lib/api.ts";
import { Link } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { NotFound } from "../../pages/NotFound.tsx";
import { errorText } from "../errors.ts";
import { versioned } from "../images.ts";
import { JobProgress } from "../JobProgress.tsx";
import { LibraryLayout, useCanEdit } from "../LibraryLayout.tsx";
import { type LibMessage, Message } from "../Message.tsx";
import { PriceNote, useBalance } from "../Price.tsx";
import { isJobActive, useLibraryJob } from "../useLibraryJob.ts";
import { LOCATION_STATUS_LABEL } from "./labels.ts";
import { VariantGrid } from "./VariantGrid.tsx";
import "./locations.css";

/** A location: review the draft, render again or approve, lock it (12 variants), see the variants. */
export function LocationDetail({ projectId, locationId }: { projectId: string; locationId: string }) {
  const canEdit = useCanEdit(projectId);
  const balance = useBalance();
  const location = useAsync(() => call(lib.getLocation, { params: { locationId } }), [locationId]);
  const l = location.data?.location;
  const variants = useAsync(
    () =>
      l?.status === "locked"
        ? call(lib.listLocationVariants, { params: { locationId } })
        : Promise.resolve({ variants: [] }),
    [locationId, l?.status, l?.variantCount],
  );
  const [message, setMessage] = useState<LibMessage | null>(null);
  const job = useLibraryJob(l?.job, () => {
    location.reload();
    balance.reload();
  });
  const working = isJobActive(job);

  if (location.error instanceof ApiError && location.error.status === 404) return <NotFound />;

  async function act(fn: () => Promise<unknown>) {
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    } finally {
      location.reload();
      balance.reload();
    }
  }

  return (
    <LibraryLayout
      projectId={projectId}
      section="locations"
      title={l?.name ?? "Location"}
      actions={
        <Link to={`/projects/${projectId}/locations`} className="button ghost">
          All locations
        </Link>
      }
    >
      {l && (
        <p className="lib-status-line">
          <span className={`lib-status lib-status-${l.status}`} data-testid="location-status">
            {LOCATION_STATUS_LABEL[l.status]}
          </span>
          <span className="muted">{l.description}</span>
        </p>
      )}
      {job && job.status !== "completed" && (
        <JobProgress job={job} label={job.kind === "location-lock" ? "Locking: 12 variants" : "Draft"} />
      )}
      <Message message={message} />
      {l && l.status !== "locked" && (
        <section className="card section lib-draft" aria-label="Draft">
          <div className="lib-draft-img">
            {l.previewUrl ? (
              <img src={versioned(l.previewUrl, l.updatedAt)} alt={`Draft of ${l.name}`} />
            ) : (
              <span className="muted">{working ? "Drawing the draft…" : "No draft yet"}</span>
            )}
          </div>
          {canEdit && (
            <div className="lib-draft-side">
              {l.status === "draft" && (
                <>
                  <h2>Does this look right?</h2>
                  <div className="inline-form">
                    <button
                      type="button"
                      className="button primary"
                      disabled={working || !l.previewUrl}
                      onClick={() => void act(() => call(lib.approveLocation, { params: { locationId } }))}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="button"
                      disabled={working}
                      onClick={() => void act(() => call(lib.regenerateLocation, { params: { locationId } }))}
                    >
                      Render again · free
                    </button>
                  </div>
                </>
              )}
              {l.status === "approved" && (
                <>
                  <h2>Lock this location</h2>
                  <p className="muted small">
                    Draws 12 variants (3 cameras × 2 shots × day and night) with a depth map each. Panels that
                    use the location then take the variant for their framing at no charge.
                  </p>
                  <PriceNote price={PRICES.locationLock} balance={balance.data?.balance} />
                  <button
                    type="button"
                    className="button primary"
                    disabled={working || (balance.data?.balance ?? PRICES.locationLock) < PRICES.locationLock}
                    onClick={() => void act(() => call(lib.lockLocation, { params: { locationId } }))}
                  >
                    Lock location · {PRICES.locationLock} credits
                  </button>
                </>
              )}
            </div>
          )}
        </section>
      )}
      {l?.status === "locked" && variants.data && <VariantGrid variants={variants.data.variants} />}
    </LibraryLayout>
  );
}
