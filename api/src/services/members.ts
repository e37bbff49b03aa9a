import type { Sql } from "@comic-studio/infra";
import { AppError, type Invitation, type Member, type Role } from "@comic-studio/shared";

type AssignableRole = Exclude<Role, "owner">;

interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  role: Role;
  created_at: Date;
}
const toMember = (r: MemberRow): Member => ({
  userId: r.user_id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  joinedAt: r.created_at.toISOString(),
});
interface InvitationRow {
  id: string;
  email: string;
  role: AssignableRole;
  created_at: Date;
}
const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role,
  createdAt: r.created_at.toISOString(),
});

const RANK_SQL = "case m.role when 'owner' then 0 when 'editor' then 1 when 'commenter' then 2 else 3 end";

export async function listMembers(sql: Sql, projectId: string): Promise<Member[]> {
  const rows = await sql<MemberRow[]>`
    select m.user_id, u.email, u.display_name, m.role, m.created_at
      from project_members m join users u on u.id = m.user_id
     where m.project_id = ${projectId} and u.deleted_at is null
     order by ${sql.unsafe(RANK_SQL)}, u.display_name, u.id`;
  return rows.map(toMember);
}

export async function listInvitations(sql: Sql, projectId: string): Promise<Invitation[]> {
  const rows = await sql<InvitationRow[]>`
    select id, email, role, created_at from project_invitations
     where project_id = ${projectId} and accepted_at is null
     order by created_at, id`;
  return rows.map(toInvitation);
}

async function getMember(sql: Sql, projectId: string, userId: string): Promise<Member | undefined> {
  const [row] = await sql<MemberRow[]>`
    select m.user_id, u.email, u.display_name, m.role, m.created_at
      from project_members m join users u on u.id = m.user_id
     where m.project_id = ${projectId} and m.user_id = ${userId} and u.deleted_at is null`;
  return row ? toMember(row) : undefined;
}

const NO_MEMBER = () => new AppError("NOT_FOUND", "That person is not a member of this project.");

/** An existing account joins at once; otherwise the invitation waits for sign-up with the email. */
export async function invite(
  sql: Sql,
  projectId: string,
  invitedBy: string,
  email: string,
  role: AssignableRole,
): Promise<{ kind: "member"; member: Member } | { kind: "invitation"; invitation: Invitation }> {
  const [user] = await sql<
    { id: string }[]
  >`select id from users where email = ${email} and deleted_at is null`;
  if (user) {
    const inserted = await sql`
      insert into project_members (project_id, user_id, role) values (${projectId}, ${user.id}, ${role})
      on conflict (project_id, user_id) do nothing returning user_id`;
    if (inserted.length === 0) throw new AppError("CONFLICT", "That person is already a member.");
    await touch(sql, projectId);
    return { kind: "member", member: (await getMember(sql, projectId, user.id))! };
  }
  const [row] = await sql<InvitationRow[]>`
    insert into project_invitations (project_id, email, role, invited_by)
    values (${projectId}, ${email}, ${role}, ${invitedBy})
    on conflict (project_id, email) do update
       set role = excluded.role, invited_by = excluded.invited_by, created_at = now(), accepted_at = null
    returning id, email, role, created_at`;
  return { kind: "invitation", invitation: toInvitation(row!) };
}

export async function changeRole(
  sql: Sql,
  projectId: string,
  userId: string,
  role: AssignableRole,
): Promise<Member> {
  const current = await getMember(sql, projectId, userId);
  if (!current) throw NO_MEMBER();
  if (current.role === "owner") {
    throw new AppError("CONFLICT", "The owner's role changes only by transferring ownership.");
  }
  await sql`update project_members set role = ${role}, updated_at = now()
             where project_id = ${projectId} and user_id = ${userId}`;
  await touch(sql, projectId);
  return (await getMember(sql, projectId, userId))!;
}

export async function removeMember(sql: Sql, projectId: string, userId: string): Promise<void> {
  const current = await getMember(sql, projectId, userId);
  if (!current) throw NO_MEMBER();
  if (current.role === "owner") {
    throw new AppError("CONFLICT", "The owner cannot leave. Transfer ownership first.");
  }
  await sql`delete from project_members where project_id = ${projectId} and user_id = ${userId}`;
  await touch(sql, projectId);
}

export async function revokeInvitation(sql: Sql, projectId: string, invitationId: string): Promise<void> {
  const rows = await sql`
    delete from project_invitations
     where id = ${invitationId} and project_id = ${projectId} and accepted_at is null returning id`;
  if (rows.length === 0) throw new AppError("NOT_FOUND", "There is no such pending invitation.");
}

/** The target becomes owner and the previous owner an editor, in one transaction. */
export async function transferOwnership(sql: Sql, projectId: string, fromUserId: string, toUserId: string) {
  if (fromUserId === toUserId) throw new AppError("CONFLICT", "You already own this project.");
  await sql.begin(async (tx) => {
    // Lock the project so two transfers cannot interleave.
    await tx`select id from projects where id = ${projectId} for update`;
    const [target] = await tx<{ role: Role }[]>`
      select m.role from project_members m join users u on u.id = m.user_id
       where m.project_id = ${projectId} and m.user_id = ${toUserId} and u.deleted_at is null`;
    if (!target) throw NO_MEMBER();
    // Demote first: at most one owner row may exist at any moment (unique partial index).
    await tx`update project_members set role = 'editor', updated_at = now()
              where project_id = ${projectId} and user_id = ${fromUserId}`;
    await tx`update project_members set role = 'owner', updated_at = now()
              where project_id = ${projectId} and user_id = ${toUserId}`;
    await tx`update projects set owner_id = ${toUserId}, updated_at = now() where id = ${projectId}`;
  });
  return listMembers(sql, projectId);
}

async function touch(sql: Sql, projectId: string): Promise<void> {
  await sql`update projects set updated_at = now() where id = ${projectId}`;
}
