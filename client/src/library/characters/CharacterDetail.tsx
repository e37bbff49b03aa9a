import { type Character, libraryEndpoints as lib, PRICES } from "@comic-studio/shared";
import { useEffect, useState } from "react";
import { ApiError, call } from "../../lib/api.ts";
import { useRouter } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { NotFound } from "../../pages/NotFound.tsx";
import { errorText } from "../errors.ts";
import { JobProgress } from "../JobProgress.tsx";
import { LibraryLayout, useCanEdit } from "../LibraryLayout.tsx";
import { type LibMessage, Message } from "../Message.tsx";
import { PriceNote, useBalance } from "../Price.tsx";
import { StyleAnalysisView } from "../styles/StyleAnalysisView.tsx";
import { isJobActive, JOB_POLL_MS, useLibraryJob } from "../useLibraryJob.ts";
import { AnchorGrid } from "./AnchorGrid.tsx";
import { CharacterIdentity } from "./CharacterIdentity.tsx";
import "./characters.css";

export const CHARACTER_STATUS_LABEL: Record<Character["status"], string> = {
  draft: "Draft",
  training: "Setting up",
  review: "Anchors to review",
  active: "Ready",
  failed: "Setup failed",
  archived: "Archived",
};

/** One character: setup progress, anchor review, features, palette and extracted style. */
export function CharacterDetail({ projectId, characterId }: { projectId: string; characterId: string }) {
  const { navigate } = useRouter();
  const canEdit = useCanEdit(projectId);
  const balance = useBalance();
  const character = useAsync(() => call(lib.getCharacter, { params: { characterId } }), [characterId]);
  const anchors = useAsync(() => call(lib.listAnchors, { params: { characterId } }), [characterId]);
  const [message, setMessage] = useState<LibMessage | null>(null);
  const c = character.data?.character;
  const job = useLibraryJob(c?.job, () => {
    character.reload();
    anchors.reload();
    balance.reload();
  });

  // Anchors being drawn (setup or a regeneration) are polled until they are ready.
  const drawing = anchors.data?.anchors.some((a) => a.status === "pending" || a.status === "generating");
  useEffect(() => {
    if (!drawing) return;
    const timer = window.setInterval(() => anchors.reload(), JOB_POLL_MS * 1.5);
    return () => window.clearInterval(timer);
  }, [drawing, anchors.reload]);

  if (character.error instanceof ApiError && character.error.status === 404) return <NotFound />;

  async function act(fn: () => Promise<unknown>) {
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    } finally {
      character.reload();
      balance.reload();
    }
  }

  const canSetup = canEdit && c && (c.status === "draft" || c.status === "failed") && !isJobActive(job);
  return (
    <LibraryLayout projectId={projectId} section="characters" title={c?.name ?? "Character"}>
      {character.error && !(character.error instanceof ApiError && character.error.status === 404) && (
        <p className="error">{character.error.message}</p>
      )}
      {c && (
        <p className="lib-status-line">
          <span className={`lib-status lib-status-${c.status}`} data-testid="character-status">
            {CHARACTER_STATUS_LABEL[c.status]}
          </span>
          {c.description && <span className="muted">{c.description}</span>}
        </p>
      )}
      {job && (job.status !== "completed" || c?.status === "training") && (
        <JobProgress
          job={job}
          label={job.kind === "character-setup" ? "Character setup" : "Redrawing an anchor"}
        />
      )}
      <Message message={message} />
      {canSetup && c && (
        <section className="card section">
          <h2>Start the setup</h2>
          <p className="muted">Extracts features and style, and draws the anchor library.</p>
          <PriceNote price={PRICES.characterSetup} balance={balance.data?.balance} />
          <button
            type="button"
            className="button primary"
            onClick={() => void act(() => call(lib.startCharacterSetup, { params: { characterId: c.id } }))}
          >
            Start setup · {PRICES.characterSetup} credits
          </button>
        </section>
      )}
      {c && <CharacterIdentity character={c} />}
      {anchors.data && anchors.data.anchors.length > 0 && (
        <AnchorGrid
          anchors={anchors.data.anchors}
          canEdit={canEdit}
          onChanged={() => {
            anchors.reload();
            character.reload();
            balance.reload();
          }}
        />
      )}
      {c?.style && (
        <section className="card section" aria-label="Extracted style">
          <div className="lib-section-head">
            <h2>Style extracted from the references</h2>
            {canEdit && (
              <button
                type="button"
                className="button"
                onClick={() =>
                  void act(async () => {
                    const r = await call(lib.extractCharacterStyle, { params: { characterId: c.id } });
                    navigate(`/projects/${projectId}/styles/${r.style.id}`);
                  })
                }
              >
                Preview as project style · free
              </button>
            )}
          </div>
          <StyleAnalysisView analysis={c.style} />
        </section>
      )}
    </LibraryLayout>
  );
}
