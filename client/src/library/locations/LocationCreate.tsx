import { libraryEndpoints as lib } from "@comic-studio/shared";
import { type FormEvent, useState } from "react";
import { call } from "../../lib/api.ts";
import { useRouter } from "../../lib/router.tsx";
import { errorText } from "../errors.ts";
import { type LibMessage, Message } from "../Message.tsx";

/** Describe a place; a draft is rendered in the project's style for approval (free). */
export function LocationCreate({ projectId, onCancel }: { projectId: string; onCancel(): void }) {
  const { navigate } = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<LibMessage | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const r = await call(lib.createLocation, { params: { projectId }, body: { name, description } });
      navigate(`/projects/${projectId}/locations/${r.location.id}`);
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
      setBusy(false);
    }
  }

  return (
    <form className="card section lib-create" onSubmit={submit} aria-label="New location">
      <h2>New location</h2>
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={255}
          placeholder="Hero’s apartment"
          required
        />
      </label>
      <label>
        Description
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2000}
          rows={3}
          placeholder="Small Japanese apartment, evening light"
          required
        />
      </label>
      <p className="muted small">The draft is drawn in the project’s style lock. Drafts are free.</p>
      <div className="inline-form">
        <button
          className="button primary"
          type="submit"
          disabled={busy || !name.trim() || !description.trim()}
        >
          {busy ? "Starting…" : "Render draft"}
        </button>
        <button className="button ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <Message message={message} />
    </form>
  );
}
