import {
  creditEndpoints,
  GENERATION_STATUS_LABEL,
  generationEndpoints as g,
  isPanelShape,
  type PanelShape,
  PRICES,
} from "@comic-studio/shared";
import { type FormEvent, type KeyboardEvent, useEffect, useState } from "react";
import type { Editor } from "tldraw";
import { useValue } from "tldraw";
import { InpaintButton } from "../inpaint/InpaintButton.tsx";
import { ApiError, call } from "../lib/api.ts";
import { useAsync } from "../lib/useAsync.ts";
import {
  type CastEntry,
  libraryRequestFields,
  PanelLibraryFields,
  type SavedLocationChoice,
} from "../library/panel/PanelLibraryFields.tsx";
import { VersionHistory } from "./VersionHistory.tsx";

const LIGHTING = ["day", "dusk", "night", "interior"] as const;
const CAMERA = ["eye", "low", "high"] as const;
const SHOT = ["wide", "medium", "close"] as const;

function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : "That did not work. Try again.";
}

/** The selected panel's generation: describe it, generate, watch, choose, and its history. */
export function GenerationPanel({
  editor,
  pageId,
  canEdit,
}: {
  editor: Editor;
  pageId: string;
  canEdit: boolean;
}) {
  const panel = useValue("selected panel", () => {
    const shape = editor.getOnlySelectedShape();
    return shape && isPanelShape(shape) ? (shape as PanelShape) : null;
  }, [editor]);
  const engine = useAsync(() => call(g.engineInfo), []);
  const credits = useAsync(() => call(creditEndpoints.getCredits), [panel?.props.generation?.status]);
  const [prompt, setPrompt] = useState("");
  const [poseHint, setPoseHint] = useState("");
  const [useLocation, setUseLocation] = useState(false);
  const [location, setLocation] = useState({ name: "", lighting: "day", camera: "eye", shot: "medium" });
  const [cast, setCast] = useState<CastEntry[]>([]);
  const [savedLocation, setSavedLocation] = useState<SavedLocationChoice | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a message belongs to the panel it was about
  useEffect(() => setMessage(null), [panel?.id]);

  if (!panel) {
    return (
      <aside className="gen-panel" aria-label="Generation">
        <h2>Generate</h2>
        <p className="muted">Select a panel to describe it and generate pictures for it.</p>
        {canEdit && <PageGenerate pageId={pageId} />}
        <EngineNote engine={engine.data?.engine ?? null} />
      </aside>
    );
  }

  const generation = panel.props.generation;
  const active = generation && (generation.status === "queued" || generation.status === "running");
  const aspect = panel.props.w / Math.max(1, panel.props.h);
  const width = Math.round(Math.min(1024, 768 * Math.min(1, aspect)) / 8) * 8;
  const height = Math.round(width / aspect / 8) * 8;

  async function generate(event?: FormEvent) {
    event?.preventDefault();
    if (!panel || busy || !prompt.trim()) return;
    setBusy(true);
    setMessage(null);
    try {
      await call(g.generatePanel, {
        params: { pageId, shapeId: panel.id },
        body: {
          prompt,
          ...(poseHint.trim() ? { poseHint } : {}),
          ...(useLocation && location.name.trim()
            ? { location: location as { name: string; lighting: "day"; camera: "eye"; shot: "medium" } }
            : {}),
          // A saved location (chosen in the library fields) takes the place of a described one.
          ...libraryRequestFields(cast, savedLocation),
          width: Math.max(64, width),
          height: Math.max(64, height),
        },
      });
      credits.reload();
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) void generate();
  };

  return (
    <aside className="gen-panel" aria-label="Generation">
      <h2>Panel</h2>
      {generation && (
        <section
          className={`gen-status gen-${generation.status}`}
          aria-live="polite"
          data-testid="panel-generation"
        >
          <strong>
            {GENERATION_STATUS_LABEL[generation.status]}
            {generation.status === "queued" && generation.queuePosition
              ? ` · #${generation.queuePosition} in queue`
              : ""}
            {generation.status === "running" ? ` · ${Math.round(generation.progress * 100)}%` : ""}
            {generation.autoRegeneration ? " · automatic regeneration (free)" : ""}
          </strong>
          {generation.status === "running" && (
            <progress max={1} value={generation.progress} aria-label="Generation progress" />
          )}
          {generation.error && generation.status !== "cancelled" && (
            <p className="error">{generation.error}</p>
          )}
          {active && canEdit && (
            <button
              type="button"
              className="button"
              onClick={() =>
                void call(g.cancelGeneration, { params: { generationId: generation.generationId } }).catch(
                  (e) => setMessage({ kind: "error", text: errorText(e) }),
                )
              }
            >
              Cancel
            </button>
          )}
          {(generation.status === "failed" || generation.status === "cancelled") && canEdit && (
            <button
              type="button"
              className="button"
              onClick={() =>
                void call(g.retryGeneration, { params: { generationId: generation.generationId } }).catch(
                  (e) => setMessage({ kind: "error", text: errorText(e) }),
                )
              }
            >
              Retry
            </button>
          )}
          {generation.status === "done" && generation.variations.length > 0 && (
            <ul className="gen-variations" aria-label="Variations">
              {generation.variations.map((v, i) => (
                <li key={v.url} className={i === generation.bestIndex ? "is-best" : ""}>
                  <img src={v.url} alt={`Variation ${i + 1}`} />
                  <span className="muted">
                    {v.score === null ? "no score yet" : `score ${Math.round(v.score * 100)}`}
                    {i === generation.bestIndex ? " · best" : ""}
                  </span>
                  {canEdit && (
                    <button
                      type="button"
                      className={`button ${panel.props.imageUrl === v.url ? "primary" : ""}`}
                      onClick={() =>
                        void call(g.chooseVariation, {
                          params: { generationId: generation.generationId },
                          body: { index: i },
                        }).catch((e) => setMessage({ kind: "error", text: errorText(e) }))
                      }
                    >
                      {panel.props.imageUrl === v.url ? "Chosen" : `Use ${i + 1}`}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <InpaintButton pageId={pageId} panel={panel} canEdit={canEdit} busy={Boolean(active)} />
      {canEdit ? (
        <form className="gen-form" onSubmit={generate}>
          <label>
            Description
            <textarea
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              onKeyDown={onKey}
              rows={4}
              maxLength={2000}
              placeholder="Who is where, doing what, and how it feels"
              required
            />
          </label>
          <label>
            Pose hint
            <input
              value={poseHint}
              onChange={(e) => setPoseHint(e.target.value)}
              maxLength={200}
              placeholder="e.g. pointing"
            />
          </label>
          <PanelLibraryFields
            cast={cast}
            onCast={setCast}
            location={savedLocation}
            onLocation={setSavedLocation}
          />
          <label className="check">
            <input type="checkbox" checked={useLocation} onChange={(e) => setUseLocation(e.target.checked)} />
            Set the location
          </label>
          {useLocation && (
            <fieldset className="gen-location">
              <input
                aria-label="Location name"
                placeholder="Location name"
                value={location.name}
                onChange={(e) => setLocation({ ...location, name: e.target.value })}
              />
              <select
                aria-label="Lighting"
                value={location.lighting}
                onChange={(e) => setLocation({ ...location, lighting: e.target.value })}
              >
                {LIGHTING.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
              <select
                aria-label="Camera"
                value={location.camera}
                onChange={(e) => setLocation({ ...location, camera: e.target.value })}
              >
                {CAMERA.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
              <select
                aria-label="Shot"
                value={location.shot}
                onChange={(e) => setLocation({ ...location, shot: e.target.value })}
              >
                {SHOT.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </fieldset>
          )}
          <button className="button primary" type="submit" disabled={busy || !prompt.trim()}>
            {busy ? "Queuing…" : `Generate 4 variations · ${PRICES.panelGeneration} credits`}
          </button>
          <p className="muted small">
            Ctrl+Enter generates. Balance: {credits.data ? credits.data.balance : "…"} credits.
          </p>
        </form>
      ) : (
        <p className="muted">You can watch generations here; generating needs the editor role.</p>
      )}
      {message && (
        <p className={message.kind === "error" ? "error" : "ok"} role="alert">
          {message.text}
        </p>
      )}
      {panel.props.panelId && (
        <VersionHistory panelId={panel.props.panelId} canEdit={canEdit} current={panel.props.imageUrl} />
      )}
      <EngineNote engine={engine.data?.engine ?? null} />
    </aside>
  );
}

function PageGenerate({ pageId }: { pageId: string }) {
  const [prompt, setPrompt] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <form
      className="gen-form"
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        call(g.generatePage, { params: { pageId }, body: { prompt } }).then(
          (r) => setMessage(`Queued ${r.generations.length} panel${r.generations.length === 1 ? "" : "s"}.`),
          (e) => setMessage(errorText(e)),
        );
      }}
    >
      <label>
        Generate every empty panel
        <textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={3}
          placeholder="What the page shows"
          required
        />
      </label>
      <button className="button" type="submit" disabled={!prompt.trim()}>
        Generate page · {PRICES.panelGeneration} credits a panel
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

function EngineNote({ engine }: { engine: { label: string; description: string } | null }) {
  if (!engine) return <p className="engine-note muted">No generation worker has reported in yet.</p>;
  return (
    <p className="engine-note muted" data-testid="engine-note" title={engine.description}>
      Engine: {engine.label}
    </p>
  );
}
