import type { Translation } from "../types";
import type zh from "../zh-CN/account";

export default {
  title: "My account",
  signedInAs: "Signed in as {{name}} ({{username}})",
  mustChange: "An administrator set a temporary password for you. Please choose a new password to continue.",
  password: {
    title: "Change password",
    current: "Current password",
    new: "New password",
    newHint: "At least 10 characters.",
    confirm: "New password again",
    submit: "Change password",
    wrongCurrent: "The current password is not correct.",
    mismatch: "The two new passwords do not match.",
    sameAsOld: "The new password must differ from the current one.",
    changed: "Your password has been changed and you have been signed out everywhere else.",
  },
  sessions: {
    title: "Where you are signed in",
    lead: "These are your active sessions. If you do not recognise one, end it and change your password.",
    device: "Device",
    started: "Signed in",
    lastSeen: "Last used",
    expires: "Expires",
    current: "This device",
    unknownDevice: "Unknown device",
    endOthers: "Sign out everywhere else",
    ended: "Your other sessions have been ended.",
  },
  roles: {
    informant: "Informant",
    liaison: "Liaison officer",
    staff: "Congress staff",
    cppcc: "CPPCC staff",
    admin: "Administrator",
  },
} satisfies Translation<typeof zh>;
