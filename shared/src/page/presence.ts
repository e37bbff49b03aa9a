import { react, type Signal } from "@tldraw/state";
import {
  InstancePresenceRecordType,
  type TLInstancePresence,
  type TLInstancePresenceID,
  type TLStore,
} from "@tldraw/tlschema";
import type { Awareness } from "y-protocols/awareness";

/** Awareness field that carries a client's tldraw presence record. */
export const AWARENESS_PRESENCE = "presence";
/** Longest a presence change (cursor, selection) waits before it is broadcast. */
export const PRESENCE_THROTTLE_MS = 50;

export interface PresenceBindingOptions {
  /** Defaults to {@link PRESENCE_THROTTLE_MS}. */
  throttleMs?: number;
}

/** The presence record id a remote awareness client appears under in the store. */
export function presenceIdForClient(clientId: number): TLInstancePresenceID {
  return InstancePresenceRecordType.createId(`yjs-${clientId}`);
}

/**
 * Maps Yjs awareness to tldraw presence records: the local presence (cursor, selection,
 * viewport, name, colour) goes out as an awareness field, throttled; every other client's
 * field becomes an `instance_presence` record (remote change), which tldraw renders as
 * cursors and selections and uses for follow mode. Returns a function that unbinds.
 */
export function bindPresence(
  store: TLStore,
  awareness: Awareness,
  localPresence: Signal<TLInstancePresence | null> | null,
  options: PresenceBindingOptions = {},
): () => void {
  const throttleMs = options.throttleMs ?? PRESENCE_THROTTLE_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latest: TLInstancePresence | null = null;
  const publish = () => {
    timer = null;
    awareness.setLocalStateField(AWARENESS_PRESENCE, latest);
  };
  const stopLocal = localPresence
    ? react("publish presence", () => {
        latest = localPresence.get();
        timer ??= setTimeout(publish, throttleMs);
      })
    : () => {};

  const apply = (clients: number[]) => {
    const put: TLInstancePresence[] = [];
    const remove: TLInstancePresenceID[] = [];
    const states = awareness.getStates();
    for (const clientId of clients) {
      if (clientId === awareness.clientID) continue;
      const id = presenceIdForClient(clientId);
      const value = states.get(clientId)?.[AWARENESS_PRESENCE] as TLInstancePresence | null | undefined;
      if (!value) {
        if (store.has(id)) remove.push(id);
        continue;
      }
      try {
        put.push(
          InstancePresenceRecordType.validate({
            ...value,
            id,
            typeName: "instance_presence",
          }) as TLInstancePresence,
        );
      } catch {
        // A malformed presence from another client is ignored rather than breaking ours.
      }
    }
    if (put.length === 0 && remove.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (remove.length > 0) store.remove(remove);
      if (put.length > 0) store.put(put);
    });
  };
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) =>
    apply([...added, ...updated, ...removed]);
  awareness.on("change", onChange);
  apply([...awareness.getStates().keys()]);

  return () => {
    stopLocal();
    if (timer) clearTimeout(timer);
    awareness.off("change", onChange);
    const ours = store
      .allRecords()
      .filter((r) => r.typeName === "instance_presence" && r.id.startsWith("instance_presence:yjs-"))
      .map((r) => r.id as TLInstancePresenceID);
    if (ours.length > 0) store.mergeRemoteChanges(() => store.remove(ours));
  };
}
