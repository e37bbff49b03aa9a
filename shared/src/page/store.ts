import { atom } from "@tldraw/state";
import { Store } from "@tldraw/store";
import type { TLRecord, TLStore, TLStoreProps, TLUser } from "@tldraw/tlschema";
import { pageSchema } from "./schema.ts";

/**
 * A tldraw store with the page schema and no editor: for collab-server, Node tests and the
 * benchmark, which handle page records without rendering them. Assets resolve to their own
 * `src`; uploads are the browser's job.
 */
export function createHeadlessPageStore(): TLStore {
  const nobody = atom<TLUser | null>("nobody", null);
  const props: TLStoreProps = {
    defaultName: "",
    assets: {
      upload: async () => {
        throw new Error("A headless page store does not upload assets.");
      },
      resolve: (asset) => asset.props.src ?? null,
      remove: async () => {},
    },
    users: { currentUser: nobody, resolve: () => nobody },
    onMount: () => {},
  };
  return new Store<TLRecord, TLStoreProps>({ schema: pageSchema(), props });
}
