import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, LocalDiskStorage, type TestDatabase } from "@comic-studio/infra";
import {
  BUBBLE_SHAPE,
  type BubbleKind,
  type BubbleShapeProps,
  buildPageDocument,
  defaultBubbleProps,
  type ExportFormat,
  type ExportPayload,
  type ExportRenderOptions,
  isPanelShape,
  type LayoutTemplate,
  type PanelBorder,
  pageDocumentName,
  recordsMap,
  writeRecord,
} from "@comic-studio/shared";
import sharp from "sharp";
import * as Y from "yjs";

/** The api's file URL for a storage key (as the worker's jobs write them). */
export function fileUrl(key: string): string {
  return `/api/files/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/** A project with pages stored as collab-server stores them, and panel images in storage. */
export interface ExportWorld {
  db: TestDatabase;
  storage: LocalDiskStorage;
  storageDir: string;
  userId: string;
  projectId: string;
  close(): Promise<void>;
}

export async function createExportWorld(label: string): Promise<ExportWorld> {
  const db = await createTestDatabase(label);
  const storageDir = await mkdtemp(join(tmpdir(), "cs-export-"));
  const storage = new LocalDiskStorage(storageDir);
  const { sql } = db;
  const [user] = await sql<{ id: string }[]>`
    insert into users (email, display_name) values (${`${randomUUID()}@example.com`}, 'Exporter') returning id`;
  const [project] = await sql<{ id: string }[]>`
    insert into projects (owner_id, name) values (${user!.id}, 'Export test') returning id`;
  await sql`insert into project_members (project_id, user_id, role) values (${project!.id}, ${user!.id}, 'owner')`;
  await sql`insert into credit_accounts (user_id, balance) values (${user!.id}, 1000)`;
  return {
    db,
    storage,
    storageDir,
    userId: user!.id,
    projectId: project!.id,
    async close() {
      await db.drop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

/** A picture split left/right in two colours, so a cover fit can be checked by its seam. */
export async function twoToneImage(
  width: number,
  height: number,
  left: string,
  right: string,
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width / 2}" height="${height}" fill="${left}"/><rect x="${width / 2}" width="${width / 2}" height="${height}" fill="${right}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface PanelSetup {
  image?: Buffer;
  border?: PanelBorder;
  borderWidth?: number;
  /** Lettering on this panel, positioned relative to the panel's top-left corner. */
  bubbles?: BubbleSetup[];
}

export interface BubbleSetup {
  kind: BubbleKind;
  text: string;
  /** Offset from the panel's top-left corner, page pixels. */
  dx: number;
  dy: number;
  props?: Partial<BubbleShapeProps>;
}

/**
 * Adds a page row and its document (written with the shared page helpers into a Y.Doc, stored
 * in yjs_documents like collab-server does); panel images go to storage under the project.
 */
export async function addPage(
  world: ExportWorld,
  pageNumber: number,
  template: LayoutTemplate,
  panels: PanelSetup[],
  trim = { widthMm: 170, heightMm: 260 },
): Promise<string> {
  const { sql } = world.db;
  const [page] = await sql<{ id: string }[]>`
    insert into pages (project_id, page_number, layout_template, trim_width_mm, trim_height_mm)
    values (${world.projectId}, ${pageNumber}, ${template}, ${trim.widthMm}, ${trim.heightMm}) returning id`;
  const records = buildPageDocument({
    template,
    trimWidthMm: trim.widthMm,
    trimHeightMm: trim.heightMm,
    newPanelId: randomUUID,
  });
  let i = 0;
  const bubbles: Record<string, unknown>[] = [];
  for (const record of records) {
    if (!isPanelShape(record)) continue;
    const setup = panels[i++] ?? {};
    for (const [n, b] of (setup.bubbles ?? []).entries()) {
      bubbles.push({
        id: `shape:${randomUUID()}`,
        typeName: "shape",
        type: BUBBLE_SHAPE,
        x: record.x + b.dx,
        y: record.y + b.dy,
        rotation: 0,
        index: `b${i}${n}`,
        parentId: record.parentId,
        isLocked: false,
        opacity: 1,
        meta: {},
        props: { ...defaultBubbleProps(b.kind), text: b.text, panelShapeId: record.id, ...b.props },
      });
    }
    if (setup.image) {
      const key = `projects/${world.projectId}/renders/${randomUUID()}.png`;
      await world.storage.put(key, setup.image, "image/png");
      record.props.imageUrl = fileUrl(key);
    }
    if (setup.border) record.props.border = setup.border;
    if (setup.borderWidth) record.props.borderWidth = setup.borderWidth;
  }
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const record of [...records, ...bubbles]) writeRecord(recordsMap(doc), record as never);
  });
  await sql`insert into yjs_documents (name, state) values (${pageDocumentName(page!.id)}, ${Buffer.from(Y.encodeStateAsUpdate(doc))})`;
  doc.destroy();
  return page!.id;
}

/** Records an export row as the api does and returns the job payload for it. */
export async function addExport(
  world: ExportWorld,
  format: ExportFormat,
  pageIds: string[],
  options: ExportRenderOptions,
  reservationId: string | null = null,
): Promise<ExportPayload> {
  const [row] = await world.db.sql<{ id: string }[]>`
    insert into export_jobs (project_id, user_id, format, pages, options)
    values (${world.projectId}, ${world.userId}, ${format}, ${pageIds}::uuid[], ${world.db.sql.json({ request: options } as never)})
    returning id`;
  return {
    exportId: row!.id,
    projectId: world.projectId,
    userId: world.userId,
    format,
    pageIds,
    reservationId,
    options,
  };
}
