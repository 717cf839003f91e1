import { z } from "zod";
import { idList, optionalId, requiredText } from "./fields";
import { ROLES } from "./vocabulary";

// The fields an admin sets on an account.

/** Role and scope (contact point and grids) of a user. */
export const userFields = z.object({
  displayName: requiredText(60),
  role: z.enum(ROLES, { message: "validation.invalidChoice" }),
  contactPointId: optionalId,
  // Ticked boxes; a grid sent twice counts once.
  gridIds: idList.transform((ids) => [...new Set(ids)]),
});

export type UserFields = z.infer<typeof userFields>;

export const newUserFields = userFields.extend({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,32}$/, "admin:users.usernameFormat"),
});

export type NewUserFields = z.infer<typeof newUserFields>;
