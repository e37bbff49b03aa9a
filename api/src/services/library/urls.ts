/** URL under which the api serves a stored project file (`projects/<id>/…`) to the project's members. */
export function fileUrl(key: string): string {
  return `/api/files/${key.split("/").map(encodeURIComponent).join("/")}`;
}
