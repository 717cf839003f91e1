import type { Translation } from "../types";
import type zh from "../zh-CN/auth";

export default {
  login: {
    title: "Sign in",
    lead: "For informants, liaison officers and staff. The public pages need no account.",
    username: "Username",
    password: "Password",
    submit: "Sign in",
    wait: "Too many failed sign-ins. To protect the account, try again in {{minutes}} minutes.",
    failed: "The username or password is not correct.",
    inactive: "The username or password is not correct.",
  },
} satisfies Translation<typeof zh>;
