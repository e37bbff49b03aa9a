/** Project roles, highest first. */
export const ROLES = ["owner", "editor", "commenter", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 3, editor: 2, commenter: 1, viewer: 0 };

/** True when `role` is at least `min` (owner > editor > commenter > viewer). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** What each role may do, in one place for api, collab-server and client. */
export const can = {
  view: (role: Role) => roleAtLeast(role, "viewer"),
  comment: (role: Role) => roleAtLeast(role, "commenter"),
  editCanvas: (role: Role) => roleAtLeast(role, "editor"),
  generate: (role: Role) => roleAtLeast(role, "editor"),
  manageMembers: (role: Role) => roleAtLeast(role, "owner"),
  manageProject: (role: Role) => roleAtLeast(role, "owner"),
} as const;
