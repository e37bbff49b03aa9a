import type { ReactNode } from "react";
import { matchPath, RouterProvider, useRouter } from "./lib/router.tsx";
import { SessionProvider, useSession } from "./lib/session.tsx";
import { LIBRARY_ROUTES } from "./library/routes.tsx";
import { AppShell } from "./pages/AppShell.tsx";
import { Credits } from "./pages/Credits.tsx";
import { Dashboard } from "./pages/Dashboard.tsx";
import { NotFound } from "./pages/NotFound.tsx";
import { PageEditor } from "./pages/PageEditor.tsx";
import { ProjectSettings } from "./pages/ProjectSettings.tsx";
import { ProjectView } from "./pages/ProjectView.tsx";
import { SignIn } from "./pages/SignIn.tsx";
import { ProjectComments } from "./review/ProjectComments.tsx";

/** Signed-in routes: pattern -> screen. */
const ROUTES: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ["/", () => <Dashboard />],
  ["/credits", () => <Credits />],
  ["/projects/:projectId", (p) => <ProjectView projectId={p.projectId!} />],
  ["/projects/:projectId/settings", (p) => <ProjectSettings projectId={p.projectId!} />],
  ["/projects/:projectId/comments", (p) => <ProjectComments projectId={p.projectId!} />],
  ...LIBRARY_ROUTES,
];

/** Full-screen routes, without the app shell. */
const FULL_SCREEN: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ["/projects/:projectId/pages/:pageId", (p) => <PageEditor projectId={p.projectId!} pageId={p.pageId!} />],
];

function Routes() {
  const { path } = useRouter();
  const { user } = useSession();
  if (user === undefined) return <div className="splash">Loading Comic Studio…</div>;
  if (user === null) return <SignIn />;
  for (const [pattern, render] of FULL_SCREEN) {
    const params = matchPath(pattern, path);
    if (params) return render(params);
  }
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return <AppShell>{render(params)}</AppShell>;
  }
  return (
    <AppShell>
      <NotFound />
    </AppShell>
  );
}

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </RouterProvider>
  );
}
