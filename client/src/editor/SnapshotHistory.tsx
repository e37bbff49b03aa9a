import { pageEndpoints, projectEndpoints } from "@comic-studio/shared";
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import {
  type TLUiDialogProps,
  TldrawUiButton,
  TldrawUiButtonLabel,
  TldrawUiDialogBody,
  TldrawUiDialogCloseButton,
  TldrawUiDialogFooter,
  TldrawUiDialogHeader,
  TldrawUiDialogTitle,
  useDialogs,
} from "tldraw";
import { ApiError, call } from "../lib/api.ts";
import { useCanvasContext } from "./canvas-context.ts";
import {
  listSnapshots,
  type PageSnapshot,
  restoreSnapshot,
  type SnapshotRow,
  snapshotRows,
  takeSnapshot,
} from "./snapshots.ts";

const DIALOG_ID = "cs-snapshot-history";
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const formatTime = (date: Date) => timeFormat.format(date);

const messageOf = (error: unknown) =>
  error instanceof ApiError ? error.message : "Something went wrong. Try again.";

/** "History" in the canvas chrome: opens the page's snapshot history (tldraw dialog: Esc closes). */
export function HistoryButton() {
  const { addDialog } = useDialogs();
  return (
    <button
      type="button"
      className="cs-history-button"
      data-testid="history-button"
      onClick={() => addDialog({ id: DIALOG_ID, component: SnapshotHistoryDialog })}
    >
      History
    </button>
  );
}

/**
 * The page's snapshots, newest first: when, what, who. Editors can save one now and restore one
 * (after confirming); restoring is an edit collab-server makes, so everyone on the page sees it
 * live, and the server keeps the state before it as a snapshot of its own. Viewers and
 * commenters see the list only.
 */
export function SnapshotHistoryDialog({ onClose }: TLUiDialogProps) {
  const { session, readonly } = useCanvasContext();
  const pageId = session.pageId;
  const canEdit = !readonly;
  const [snapshots, setSnapshots] = useState<PageSnapshot[] | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [label, setLabel] = useState("");

  const reload = useCallback(async () => {
    try {
      setSnapshots(await listSnapshots(pageId));
      setError(null);
    } catch (err) {
      setError(`Could not load the history: ${messageOf(err)}`);
    }
  }, [pageId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Names of the people who took snapshots: the project's members (best effort; ids stay unnamed).
  useEffect(() => {
    let live = true;
    (async () => {
      const { project } = await call(pageEndpoints.getPage, { params: { pageId } });
      const { members } = await call(projectEndpoints.listMembers, { params: { projectId: project.id } });
      if (live) setNames(new Map(members.map((m) => [m.userId, m.displayName])));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [pageId]);

  const rows = useMemo(
    () => (snapshots ? snapshotRows(snapshots, names, formatTime) : null),
    [snapshots, names],
  );

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const saved = await takeSnapshot(pageId, label.trim() || null);
      setLabel("");
      setNotice(`Saved a snapshot at ${formatTime(new Date(saved.createdAt))}.`);
      setError(null);
      await reload();
    } catch (err) {
      setError(`Could not save a snapshot: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (row: SnapshotRow) => {
    setBusy(true);
    setNotice(null);
    try {
      await restoreSnapshot(pageId, row.id);
      setConfirming(null);
      setError(null);
      setNotice(`Restored the page to ${formatTime(row.createdAt)}. Everyone on the page sees it now.`);
      await reload();
    } catch (err) {
      setError(`Could not restore: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cs-history" data-testid="snapshot-history">
      <TldrawUiDialogHeader>
        <TldrawUiDialogTitle>Page history</TldrawUiDialogTitle>
        <TldrawUiDialogCloseButton />
      </TldrawUiDialogHeader>
      <TldrawUiDialogBody className="cs-history__body">
        {error && (
          <p className="cs-history__error" role="alert" data-testid="snapshot-error">
            {error}
          </p>
        )}
        {notice && (
          <p className="cs-history__notice" role="status" data-testid="snapshot-notice">
            {notice}
          </p>
        )}
        {canEdit && (
          <form className="cs-history__save" onSubmit={save}>
            <input
              type="text"
              aria-label="Snapshot label"
              placeholder="Label (optional)"
              maxLength={200}
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
            <TldrawUiButton type="primary" htmlButtonType="submit" disabled={busy}>
              <TldrawUiButtonLabel>Save a snapshot now</TldrawUiButtonLabel>
            </TldrawUiButton>
          </form>
        )}
        {!canEdit && <p className="cs-history__hint">Only editors can save or restore snapshots.</p>}
        {rows === null && !error && <p className="cs-history__hint">Loading…</p>}
        {rows?.length === 0 && <p className="cs-history__hint">No snapshots of this page yet.</p>}
        {rows && rows.length > 0 && (
          <ol className="cs-history__list" aria-label="Snapshots">
            {rows.map((row) => (
              <li
                key={row.id}
                className="cs-history__item"
                data-testid="snapshot-row"
                data-snapshot-id={row.id}
              >
                <div className="cs-history__meta">
                  <time dateTime={row.createdAt.toISOString()}>{formatTime(row.createdAt)}</time>
                  <span className="cs-history__title">{row.title}</span>
                  <span className="cs-history__who">{row.who}</span>
                </div>
                {canEdit && confirming !== row.id && (
                  <TldrawUiButton type="normal" disabled={busy} onClick={() => setConfirming(row.id)}>
                    <TldrawUiButtonLabel>Restore</TldrawUiButtonLabel>
                  </TldrawUiButton>
                )}
                {canEdit && confirming === row.id && (
                  <fieldset className="cs-history__confirm" aria-label="Confirm restore">
                    <span>Replace the page with this version for everyone?</span>
                    <TldrawUiButton type="danger" disabled={busy} onClick={() => void restore(row)}>
                      <TldrawUiButtonLabel>Yes, restore</TldrawUiButtonLabel>
                    </TldrawUiButton>
                    <TldrawUiButton type="low" disabled={busy} onClick={() => setConfirming(null)}>
                      <TldrawUiButtonLabel>Cancel</TldrawUiButtonLabel>
                    </TldrawUiButton>
                  </fieldset>
                )}
              </li>
            ))}
          </ol>
        )}
      </TldrawUiDialogBody>
      <TldrawUiDialogFooter className="tlui-dialog__footer__actions">
        <TldrawUiButton type="normal" onClick={onClose}>
          <TldrawUiButtonLabel>Close</TldrawUiButtonLabel>
        </TldrawUiButton>
      </TldrawUiDialogFooter>
    </div>
  );
}
