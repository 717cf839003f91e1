import enAccount from "./en/account";
import enAdmin from "./en/admin";
import enAuth from "./en/auth";
import enCollect from "./en/collect";
import enCommon from "./en/common";
import enStaff from "./en/staff";
import zhAccount from "./zh-CN/account";
import zhAdmin from "./zh-CN/admin";
import zhAuth from "./zh-CN/auth";
import zhCollect from "./zh-CN/collect";
import zhCommon from "./zh-CN/common";
import zhStaff from "./zh-CN/staff";

export const resources = {
  "zh-CN": { common: zhCommon, auth: zhAuth, account: zhAccount, admin: zhAdmin, collect: zhCollect, staff: zhStaff },
  en: { common: enCommon, auth: enAuth, account: enAccount, admin: enAdmin, collect: enCollect, staff: enStaff },
} as const;
