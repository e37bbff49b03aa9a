import type { ReactNode } from "react";
import { Link } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { NotificationBell } from "../review/NotificationBell.tsx";

export function AppShell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          Comic Studio
        </Link>
        <nav className="topnav">
          <Link to="/">Projects</Link>
          <Link to="/credits">Credits</Link>
        </nav>
        <div className="topbar-user">
          <NotificationBell />
          <span className="muted" data-testid="signed-in-as">
            {user?.displayName}
          </span>
          <button type="button" className="button ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {children}
    </div>
  );
}
