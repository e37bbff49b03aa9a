import {
  INPAINT_MASK_MAX_CHARS,
  INPAINT_MASK_MAX_SIDE_PX,
  inpaintEndpoints,
  PRICES,
} from "@comic-studio/shared";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { exportMask, MaskPainter, type MaskTool } from "./MaskPainter.tsx";
import { EMPTY_HISTORY, hasPaint, type MaskHistory, maskSize, push, redo, undo } from "./mask-model.ts";
import "./inpaint.css";

const TOOLS: { id: MaskTool; label: string; key: string }[] = [
  { id: "brush", label: "Brush", key: "b" },
  { id: "lasso", label: "Lasso", key: "l" },
  { id: "eraser", label: "Eraser", key: "e" },
];

/**
 * Paint a mask over the panel's picture, describe the fix, run it as a job. The dialog closes on
 * Run; the panel then shows the job's live progress like any generation.
 */
export function InpaintDialog({
  imageUrl,
  pageId,
  shapeId,
  onClose,
}: {
  imageUrl: string;
  pageId: string;
  shapeId: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [tool, setTool] = useState<MaskTool>("brush");
  const [brushPx, setBrushPx] = useState(32);
  const [history, setHistory] = useState<MaskHistory>(EMPTY_HISTORY);
  const [prompt, setPrompt] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    const image = new Image();
    image.onload = () => setNatural({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => setError("The panel's picture could not be loaded.");
    image.src = imageUrl;
  }, [imageUrl]);

  const size = natural ? maskSize(natural.width, natural.height, INPAINT_MASK_MAX_SIDE_PX) : null;
  const ready = hasPaint(history) && prompt.trim().length > 0 && !busy;

  async function run() {
    if (!size || !ready) return;
    setBusy(true);
    setError(null);
    // Smaller when a busy mask would not fit the request; the worker scales it to the picture.
    let mask = exportMask(history, size);
    for (const scale of [0.5, 0.25])
      if (mask.length > INPAINT_MASK_MAX_CHARS) mask = exportMask(history, size, scale);
    try {
      await call(inpaintEndpoints.inpaintPanel, { params: { pageId, shapeId }, body: { prompt, mask } });
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "The fix could not be queued. Try again.");
      setBusy(false);
    }
  }

  const onKey = (event: KeyboardEvent<HTMLDialogElement>) => {
    // The canvas behind listens on the body: its shortcuts (undo, tools) must not fire under the dialog.
    event.stopPropagation();
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === "enter") {
      event.preventDefault();
      void run();
      return;
    }
    // Text fields keep their own undo and letters.
    if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement) return;
    if (mod && key === "z") {
      event.preventDefault();
      setHistory(event.shiftKey ? redo(history) : undo(history));
      return;
    }
    if (mod && key === "y") {
      event.preventDefault();
      setHistory(redo(history));
      return;
    }
    if (mod) return;
    const shortcut = TOOLS.find((t) => t.key === key);
    if (shortcut) setTool(shortcut.id);
    if (key === "[") setBrushPx((s) => Math.max(4, s - 4));
    if (key === "]") setBrushPx((s) => Math.min(200, s + 4));
  };

  return (
    <dialog
      ref={dialog}
      className="inp-dialog"
      aria-label="Fix a region"
      onKeyDown={onKey}
      onClose={onClose}
      onCancel={onClose}
    >
      <header className="inp-header">
        <h2>Fix a region</h2>
        <p className="muted small">
          Paint over what should change, describe the fix, and run it. B brush, L lasso, E eraser, [ ] size;
          Ctrl+Z undoes, Ctrl+Shift+Z redoes, Ctrl+Enter runs.
        </p>
      </header>
      <div className="inp-toolbar" role="toolbar" aria-label="Mask tools">
        {TOOLS.map((t) => (
          <button
            key={t.id}
            type="button"
            className={`button ${tool === t.id ? "primary" : ""}`}
            aria-pressed={tool === t.id}
            title={`${t.label} (${t.key.toUpperCase()})`}
            onClick={() => setTool(t.id)}
          >
            {t.label}
          </button>
        ))}
        <label className="inp-size">
          Brush size
          <input
            type="range"
            min={4}
            max={200}
            value={brushPx}
            onChange={(e) => setBrushPx(Number(e.target.value))}
          />
          <span className="muted small">{brushPx} px</span>
        </label>
        <button
          type="button"
          className="button"
          onClick={() => setHistory(undo(history))}
          disabled={!history.ops.length}
        >
          Undo
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setHistory(redo(history))}
          disabled={!history.undone.length}
        >
          Redo
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setHistory(push(history, { kind: "clear" }))}
          disabled={!hasPaint(history)}
        >
          Clear
        </button>
      </div>
      {size ? (
        <MaskPainter
          imageUrl={imageUrl}
          size={size}
          tool={tool}
          brushPx={Math.max(2, (brushPx * size.width) / 768)}
          history={history}
          onHistory={setHistory}
        />
      ) : (
        <p className="muted">{error ? "" : "Loading the picture…"}</p>
      )}
      <label className="inp-prompt">
        What to fix
        <textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={2}
          maxLength={1000}
          placeholder="e.g. give her a red umbrella"
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <footer className="inp-actions">
        <span className="muted small">{hasPaint(history) ? "" : "Paint the part to fix first."}</span>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button primary" onClick={() => void run()} disabled={!ready}>
          {busy ? "Queuing…" : `Run fix · ${PRICES.inpainting} credits`}
        </button>
      </footer>
    </dialog>
  );
}
