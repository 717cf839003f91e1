import pino from "pino";
import { getEnv } from "./env.server";

// Structured logs. Residents' names and phones, passwords and session tokens are
// never logged: request logs carry method, path and status only, and the
// redaction below is a second line of defence for anything logged by mistake.
export const logger = pino({
  level: getEnv().NODE_ENV === "test" ? "silent" : getEnv().LOG_LEVEL,
  redact: {
    paths: [
      "password", "*.password", "currentPassword", "newPassword",
      "resident_name", "*.resident_name", "resident_phone", "*.resident_phone",
      "residentName", "*.residentName", "residentPhone", "*.residentPhone",
      "req.headers.cookie", "res.headers[\"set-cookie\"]",
    ],
    censor: "[redacted]",
  },
});
