import { Link } from "../lib/router.tsx";

export function NotFound() {
  return (
    <main className="content narrow">
      <h1>Not found</h1>
      <p className="muted">This page does not exist, or you are not a member of its project.</p>
      <Link to="/">Back to your projects</Link>
    </main>
  );
}
