import enAuth from "./en/auth";
import enCommon from "./en/common";
import zhAuth from "./zh-CN/auth";
import zhCommon from "./zh-CN/common";

export const resources = {
  "zh-CN": { common: zhCommon, auth: zhAuth },
  en: { common: enCommon, auth: enAuth },
} as const;
