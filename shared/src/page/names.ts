/** Hocuspocus document names: one Y.Doc per comic page, named `page:<pageId>`. */
export const PAGE_DOCUMENT_PREFIX = "page:";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pageDocumentName(pageId: string): string {
  return `${PAGE_DOCUMENT_PREFIX}${pageId.toLowerCase()}`;
}

/** The page id of a document name, or null when the name is not `page:<uuid>`. */
export function parsePageDocumentName(name: string): string | null {
  if (!name.startsWith(PAGE_DOCUMENT_PREFIX)) return null;
  const id = name.slice(PAGE_DOCUMENT_PREFIX.length);
  return UUID.test(id) ? id.toLowerCase() : null;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
