import { scopeFor, type Action, type Entity, type Scope } from "~/domain/permissions";
import { requireUser } from "./auth.server";
import type { SessionUser } from "./session.server";

export type ScopedUser = SessionUser & { scope: Scope };

/** The signed-in user holding action:entity, with the scope to filter queries by; 403 otherwise. */
export async function requirePermission(request: Request, action: Action, entity: Entity): Promise<ScopedUser> {
  const user = await requireUser(request);
  const scope = scopeFor(user.role, action, entity);
  if (!scope) throw new Response("Forbidden", { status: 403 });
  return { ...user, scope };
}

