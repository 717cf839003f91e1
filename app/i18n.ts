import { resources } from "./locales";

export const supportedLngs = ["zh-CN", "en"] as const;
export type Lng = (typeof supportedLngs)[number];
export const fallbackLng: Lng = "zh-CN";

/** The i18next options shared by the server and the browser; translations are bundled. */
export const i18nConfig = {
  supportedLngs: [...supportedLngs],
  fallbackLng,
  // Only the languages as named: no "zh" or script part to look in (cheaper for every t()).
  load: "currentOnly" as const,
  defaultNS: "common",
  ns: Object.keys(resources[fallbackLng]),
  resources,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

export function isLng(value: unknown): value is Lng {
  return supportedLngs.includes(value as Lng);
}
