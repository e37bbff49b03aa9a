import { COLLAB_CLOSE } from "@comic-studio/shared";
import type { CollabState } from "./collab-session.ts";

/** Connected, reconnecting, offline with unsynced changes, or why the server closed the page. */
export function ConnectionBadge({ state, readonly }: { state: CollabState; readonly: boolean }) {
  const { connection, unsynced } = state;
  const pending = unsynced > 0 ? ` · ${unsynced} unsynced change${unsynced === 1 ? "" : "s"}` : "";
  let label: string;
  switch (connection) {
    case "connecting":
      label = "Connecting…";
      break;
    case "connected":
      label = unsynced > 0 ? "Saving…" : "Connected";
      break;
    case "reconnecting":
      label = `Reconnecting…${pending}`;
      break;
    case "offline":
      label = `Offline${pending}`;
      break;
    case "refused":
      label = state.refused ? COLLAB_CLOSE[state.refused].message : "Disconnected";
      break;
    default: {
      const never: never = connection;
      label = never;
    }
  }
  return (
    <div className="cs-connection" data-testid="connection-badge" data-state={connection} role="status">
      <span className={`cs-connection__dot cs-connection__dot--${connection}`} aria-hidden="true" />
      <span>{label}</span>
      {readonly && connection !== "refused" && <span className="cs-connection__readonly">Read-only</span>}
    </div>
  );
}
