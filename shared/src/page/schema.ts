import type { SerializedSchema, SerializedSchemaV2 } from "@tldraw/store";
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas, type TLSchema } from "@tldraw/tlschema";
import { BUBBLE_SHAPE, bubbleShapeMigrations, bubbleShapeProps } from "./lettering.ts";
import {
  PAGE_FRAME_SHAPE,
  PANEL_SHAPE,
  pageFrameShapeMigrations,
  pageFrameShapeProps,
  panelShapeMigrations,
  panelShapeProps,
} from "./shapes.ts";

/** Our shapes in the form `createTLSchema` and tldraw's shape utils take. */
export const pageShapeSchemas = {
  [PANEL_SHAPE]: { props: panelShapeProps, migrations: panelShapeMigrations },
  [PAGE_FRAME_SHAPE]: { props: pageFrameShapeProps, migrations: pageFrameShapeMigrations },
  [BUBBLE_SHAPE]: { props: bubbleShapeProps, migrations: bubbleShapeMigrations },
};

let schema: TLSchema | undefined;

/** The tldraw schema of a page document: tldraw's default shapes and bindings plus ours. */
export function pageSchema(): TLSchema {
  schema ??= createTLSchema({
    shapes: { ...defaultShapeSchemas, ...pageShapeSchemas },
    bindings: defaultBindingSchemas,
  });
  return schema;
}

/**
 * One number that grows with every migration of the schema (the sum of its sequence
 * versions: sequences only ever gain migrations). Clients send it when they connect, so
 * collab-server can turn away a client older than itself.
 */
export function schemaVersionNumber(serialized: SerializedSchema): number {
  if (serialized.schemaVersion !== 2) return 0;
  return Object.values(serialized.sequences).reduce((sum, v) => sum + v, 0);
}

export type SchemaComparison = "same" | "document-older" | "document-newer";

/**
 * How a document's stored schema compares to ours. "document-newer" (a sequence we do not
 * know, or a version past ours) means this code must not write to the document: reload.
 */
export function compareSchemas(ours: SerializedSchemaV2, theirs: SerializedSchema): SchemaComparison {
  if (theirs.schemaVersion !== 2) return "document-older";
  let older = false;
  for (const [sequenceId, version] of Object.entries(theirs.sequences)) {
    const mine = ours.sequences[sequenceId];
    if (mine === undefined || version > mine) return "document-newer";
    if (version < mine) older = true;
  }
  for (const sequenceId of Object.keys(ours.sequences)) {
    if (!(sequenceId in theirs.sequences)) older = true;
  }
  return older ? "document-older" : "same";
}
