import {
  CHARACTER_REFERENCES,
  libraryEndpoints as lib,
  PRICES,
  type ValidationReport,
} from "@comic-studio/shared";
import { type FormEvent, useState } from "react";
import { ApiError, call } from "../../lib/api.ts";
import { useRouter } from "../../lib/router.tsx";
import { errorText } from "../errors.ts";
import { ImageDropzone } from "../ImageDropzone.tsx";
import { type LibMessage, Message } from "../Message.tsx";
import { PriceNote, useBalance } from "../Price.tsx";
import { useUploads } from "../useUploads.ts";
import { useReferenceCheck } from "./useReferenceCheck.ts";
import { ImageIssues, ValidationSummary } from "./ValidationReport.tsx";

const GUIDANCE =
  `Add ${CHARACTER_REFERENCES.recommendedMin}–${CHARACTER_REFERENCES.recommendedMax} images of the same character: ` +
  "include a front view, a side view and different expressions, at least 512 px, sharp, on varied backgrounds.";

/** "Let's create your character": name, references with live checks, the price, then the setup job. */
export function CharacterCreate({ projectId, onCancel }: { projectId: string; onCancel(): void }) {
  const { navigate } = useRouter();
  const balance = useBalance();
  const uploads = useUploads(projectId, CHARACTER_REFERENCES.max);
  const check = useReferenceCheck(projectId, uploads.uploadIds, uploads.uploading);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [draftId, setDraftId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<LibMessage | null>(null);

  const report = check.report;
  const price = PRICES.characterSetup;
  const short = balance.data !== undefined && balance.data.balance < price;
  const ready =
    name.trim() !== "" && uploads.uploadIds.length > 0 && !uploads.uploading && report?.ok === true && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setMessage(null);
    try {
      const body = { name, ...(description.trim() ? { description } : {}), uploadIds: uploads.uploadIds };
      // A draft from an earlier attempt (e.g. refused for credits) is updated, not created twice.
      const saved = draftId
        ? await call(lib.updateCharacter, { params: { characterId: draftId }, body })
        : await call(lib.createCharacter, { params: { projectId }, body });
      setDraftId(saved.character.id);
      check.setReport(saved.validation);
      if (!saved.validation.ok) {
        setMessage({ kind: "error", text: "Fix the problems marked below first." });
        return;
      }
      await call(lib.startCharacterSetup, { params: { characterId: saved.character.id } });
      navigate(`/projects/${projectId}/characters/${saved.character.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === "VALIDATION_FAILED" && e.details?.validation) {
        check.setReport(e.details.validation as ValidationReport);
      }
      setMessage({ kind: "error", text: errorText(e) });
      balance.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card section lib-create" onSubmit={submit} aria-label="New character">
      <h2>Let’s create your character</h2>
      <div className="lib-fields">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={255} required />
        </label>
        <label>
          <span>
            Description <span className="small">(optional)</span>
          </span>
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
            placeholder="e.g. the lighthouse keeper, red coat, grey beard"
          />
        </label>
      </div>
      <ImageDropzone
        label="Reference images"
        hint={GUIDANCE}
        images={uploads.images}
        max={CHARACTER_REFERENCES.max}
        onAdd={uploads.add}
        onRemove={uploads.remove}
        noteFor={(image) => <ImageIssues report={report} uploadId={image.upload?.id} />}
      />
      {uploads.notice && <p className="muted small">{uploads.notice}</p>}
      {check.checking && <p className="muted small">Checking the images…</p>}
      {check.error && <p className="error">{check.error}</p>}
      {report && <ValidationSummary report={report} />}
      <PriceNote price={price} balance={balance.data?.balance} />
      <div className="inline-form">
        <button className="button primary" type="submit" disabled={!ready || short}>
          {busy ? "Starting…" : `Create and start setup · ${price} credits`}
        </button>
        <button className="button ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p className="muted small">
        The setup extracts the character’s features and style (free) and draws its anchor library; it runs in
        the background and you can leave this page.
      </p>
      <Message message={message} />
    </form>
  );
}
