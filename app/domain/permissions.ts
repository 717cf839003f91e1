import type { Role } from "./vocabulary";

// Permissions are strings action:entity:scope. The scope says which records the
// permission reaches; queries take it and filter in SQL, so an out-of-scope id
// is simply not found.
export type Scope = "own" | "own-grids" | "contact-point" | "any";
export type Action =
  | "create" | "read" | "update" | "review" | "merge" | "forward" | "record" | "manage" | "send" | "import";
export type Entity =
  | "opinion" | "event" | "draft" | "report" | "outcome" | "consultation" | "user" | "audit" | "contact-point" | "feedback" | "notification";
export type Permission = `${Action}:${Entity}:${Scope}`;

const FIELD = [
  "create:opinion:own-grids",
  "read:opinion:own",
  "update:opinion:own",
  "import:opinion:own-grids",
] as const satisfies Permission[];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  informant: FIELD,
  liaison: [
    ...FIELD,
    "create:opinion:contact-point",
    "read:opinion:contact-point",
    "review:opinion:contact-point",
    "import:opinion:contact-point",
    "create:event:contact-point",
    "read:event:contact-point",
    "record:feedback:contact-point",
    // The public details of their own contact point: address, opening hours, office phone, position.
    "manage:contact-point:contact-point",
  ],
  staff: [
    "read:opinion:any", "review:opinion:any", "update:opinion:any", "merge:opinion:any", "forward:opinion:any",
    "create:draft:any", "update:draft:any", "read:draft:any",
    "create:report:any", "send:report:any", "read:report:any",
    "record:outcome:any", "read:event:any", "manage:contact-point:any",
    "record:feedback:any", "read:notification:any", "send:notification:any",
  ],
  cppcc: ["create:consultation:any", "update:consultation:any", "read:consultation:any"],
  admin: ["manage:user:any", "read:audit:any"],
};

// Wider scopes include the narrower ones.
const breadth: Record<Scope, number> = { own: 0, "own-grids": 1, "contact-point": 2, any: 3 };

/** The widest scope the role holds for action:entity, or null when it holds none. */
export function scopeFor(role: Role, action: Action, entity: Entity): Scope | null {
  let best: Scope | null = null;
  for (const permission of ROLE_PERMISSIONS[role]) {
    const [a, e, s] = permission.split(":") as [Action, Entity, Scope];
    if (a === action && e === entity && (best === null || breadth[s] > breadth[best])) best = s;
  }
  return best;
}

export function can(role: Role, action: Action, entity: Entity, scope: Scope = "own"): boolean {
  const held = scopeFor(role, action, entity);
  return held !== null && breadth[held] >= breadth[scope];
}
