import { libraryEndpoints as lib, PRICES, STYLE_IMPORT_IMAGES } from "@comic-studio/shared";
import { type FormEvent, useState } from "react";
import { call } from "../../lib/api.ts";
import { useRouter } from "../../lib/router.tsx";
import { errorText } from "../errors.ts";
import { ImageDropzone } from "../ImageDropzone.tsx";
import { type LibMessage, Message } from "../Message.tsx";
import { PriceNote, useBalance } from "../Price.tsx";
import { useUploads } from "../useUploads.ts";

/** "I want this style": 1-5 images, the price, then the analysis job on the style's own page. */
export function StyleImport({ projectId }: { projectId: string }) {
  const { navigate } = useRouter();
  const balance = useBalance();
  const uploads = useUploads(projectId, STYLE_IMPORT_IMAGES.max);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<LibMessage | null>(null);
  const price = PRICES.styleImport;
  const short = balance.data !== undefined && balance.data.balance < price;
  const ready = uploads.uploadIds.length >= STYLE_IMPORT_IMAGES.min && !uploads.uploading && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await call(lib.importStyle, {
        params: { projectId },
        body: { uploadIds: uploads.uploadIds, ...(name.trim() ? { name } : {}) },
      });
      navigate(`/projects/${projectId}/styles/${r.style.id}`);
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
      balance.reload();
      setBusy(false);
    }
  }

  return (
    <form className="card section lib-create" onSubmit={submit} aria-label="Import a style">
      <h2>Import a style</h2>
      <p className="muted">
        Upload {STYLE_IMPORT_IMAGES.min}–{STYLE_IMPORT_IMAGES.max} images in the style you want. We measure
        the palette, colour warmth, line weight, shading and detail, and match it to the curated styles.
      </p>
      <label>
        <span>
          Name <span className="small">(optional)</span>
        </span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={255}
          placeholder="My style"
        />
      </label>
      <ImageDropzone
        label="Style images"
        hint="Pictures you like: pages, panels or illustrations in one consistent style."
        images={uploads.images}
        max={STYLE_IMPORT_IMAGES.max}
        onAdd={uploads.add}
        onRemove={uploads.remove}
      />
      {uploads.notice && <p className="muted small">{uploads.notice}</p>}
      <PriceNote price={price} balance={balance.data?.balance} />
      <div className="inline-form">
        <button className="button primary" type="submit" disabled={!ready || short}>
          {busy ? "Importing…" : `Import and analyse · ${price} credits`}
        </button>
      </div>
      <Message message={message} />
    </form>
  );
}
