import enAccount from "./en/account";
import enAdmin from "./en/admin";
import enAuth from "./en/auth";
import enCollect from "./en/collect";
import enCommon from "./en/common";
import enConsultations from "./en/consultations";
import enContactPoints from "./en/contact-points";
import enDrafts from "./en/drafts";
import enFeedback from "./en/feedback";
import enStaff from "./en/staff";
import enTracker from "./en/tracker";
import zhAccount from "./zh-CN/account";
import zhAdmin from "./zh-CN/admin";
import zhAuth from "./zh-CN/auth";
import zhCollect from "./zh-CN/collect";
import zhCommon from "./zh-CN/common";
import zhConsultations from "./zh-CN/consultations";
import zhContactPoints from "./zh-CN/contact-points";
import zhDrafts from "./zh-CN/drafts";
import zhFeedback from "./zh-CN/feedback";
import zhStaff from "./zh-CN/staff";
import zhTracker from "./zh-CN/tracker";

export const resources = {
  "zh-CN": { common: zhCommon, auth: zhAuth, account: zhAccount, admin: zhAdmin, collect: zhCollect, staff: zhStaff, drafts: zhDrafts, consultations: zhConsultations, tracker: zhTracker, feedback: zhFeedback, contactPoints: zhContactPoints },
  en: { common: enCommon, auth: enAuth, account: enAccount, admin: enAdmin, collect: enCollect, staff: enStaff, drafts: enDrafts, consultations: enConsultations, tracker: enTracker, feedback: enFeedback, contactPoints: enContactPoints },
} as const;
