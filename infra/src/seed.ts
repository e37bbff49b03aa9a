import { FREE_MONTHLY_ALLOWANCE } from "@comic-studio/shared";
import type { Sql } from "./db.ts";
import { hashPassword } from "./passwords.ts";

/** The demo accounts the quick start prints; local use only. */
export const DEMO_USERS = [
  { email: "demo@comicstudio.local", password: "demo-password", displayName: "Demo Creator", role: "owner" },
  { email: "ada@comicstudio.local", password: "demo-password", displayName: "Ada Inker", role: "editor" },
  {
    email: "rae@comicstudio.local",
    password: "demo-password",
    displayName: "Rae Reviewer",
    role: "commenter",
  },
] as const;

export const DEMO_PROJECT = {
  name: "The Lighthouse Keeper",
  description: "A quiet keeper, a storm, and a stranger washed ashore. Demo project for Comic Studio.",
  pages: [
    { title: "Arrival", layoutTemplate: "4-panel" },
    { title: "The Storm", layoutTemplate: "6-panel" },
    { title: "Washed Ashore", layoutTemplate: "webtoon-strip" },
  ],
} as const;

/** Seeds the demo accounts and project; running it again changes nothing. */
export async function seedDemo(sql: Sql): Promise<{ projectId: string; created: boolean }> {
  const existing = await sql<{ id: string }[]>`
    select p.id from projects p join users u on u.id = p.owner_id
     where u.email = ${DEMO_USERS[0].email} and p.name = ${DEMO_PROJECT.name} and p.deleted_at is null`;
  if (existing[0]) return { projectId: existing[0].id, created: false };

  const passwordHash = await hashPassword(DEMO_USERS[0].password);
  return sql.begin(async (tx) => {
    const ids: string[] = [];
    for (const u of DEMO_USERS) {
      const [row] = await tx<{ id: string }[]>`
        insert into users (email, display_name, password_hash, email_verified)
        values (${u.email}, ${u.displayName}, ${passwordHash}, true)
        on conflict (email) do update set display_name = excluded.display_name
        returning id`;
      ids.push(row!.id);
      const period = new Date().toISOString().slice(0, 8).concat("01");
      const [account] = await tx<{ balance: number }[]>`
        insert into credit_accounts (user_id, balance, allowance_period)
        values (${row!.id}, ${FREE_MONTHLY_ALLOWANCE}, ${period})
        on conflict (user_id) do nothing
        returning balance`;
      if (account) {
        await tx`insert into credit_transactions (user_id, type, amount, balance_after, note)
                 values (${row!.id}, 'allowance', ${FREE_MONTHLY_ALLOWANCE}, ${account.balance}, 'Free monthly allowance')`;
      }
    }
    const [project] = await tx<{ id: string }[]>`
      insert into projects (owner_id, name, description, status)
      values (${ids[0]!}, ${DEMO_PROJECT.name}, ${DEMO_PROJECT.description}, 'active')
      returning id`;
    for (const [i, u] of DEMO_USERS.entries()) {
      await tx`insert into project_members (project_id, user_id, role) values (${project!.id}, ${ids[i]!}, ${u.role})`;
    }
    for (const [i, page] of DEMO_PROJECT.pages.entries()) {
      await tx`insert into pages (project_id, chapter_number, page_number, title, layout_template)
               values (${project!.id}, 1, ${i + 1}, ${page.title}, ${page.layoutTemplate})`;
    }
    return { projectId: project!.id, created: true };
  });
}
