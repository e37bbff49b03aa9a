// Dev-only harness (the Vite dev server serves it at /src/editor/dev/canvas.html?page=<id>):
// mounts <PageCanvas> for the signed-in user without the app shell, for manual checks.
import { createRoot } from "react-dom/client";
import { PageCanvas } from "../index.ts";

const pageId = new URLSearchParams(window.location.search).get("page") ?? "";

async function main() {
  const me = await fetch("/api/auth/me").then((r) => r.json());
  const page = await fetch(`/api/pages/${pageId}`).then((r) => r.json());
  const root = createRoot(document.getElementById("root")!);
  if (!me.user || !page.page) {
    root.render(<p>Sign in in this browser first, and pass ?page=&lt;pageId&gt;.</p>);
    return;
  }
  root.render(
    <PageCanvas
      pageId={pageId}
      projectId={page.project.id}
      user={{ id: me.user.id, displayName: me.user.displayName }}
      role={page.role}
    />,
  );
}
void main();
