import { createCookie } from "@remix-run/node";
import i18next, { type i18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLng, i18nConfig, isLng, supportedLngs, type Lng } from "~/i18n";

/** The language choice persists in a plain cookie for a year. */
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLngs],
    fallbackLanguage: fallbackLng,
    cookie: languageCookie,
    // The platform's language is Chinese: a browser's Accept-Language does not
    // override it; the choice in the header does.
    order: ["searchParams", "cookie"],
  },
  i18next: i18nConfig,
});

export async function getLocale(request: Request): Promise<Lng> {
  const lng = await i18nServer.getLocale(request);
  return isLng(lng) ? lng : fallbackLng;
}

const instances = new Map<Lng, Promise<i18n>>();

/**
 * The i18next instance for a language, made on first use and shared by every request
 * in that language (loaders, actions and the render): the resources are static and
 * nothing changes an instance's language.
 */
export function i18nInstance(lng: Lng): Promise<i18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const created = i18next.createInstance();
    instance = created.use(initReactI18next).init({ ...i18nConfig, lng }).then(() => keepTranslations(keepHierarchies(created)));
    instances.set(lng, instance);
  }
  return instance;
}

/**
 * i18next works out the languages to look a key up in (the language, then the fallback) on
 * every t(), through Intl each time; for an instance's own language they never change.
 */
function keepHierarchies(instance: i18n): i18n {
  const utils = instance.services.languageUtils as { toResolveHierarchy: (code: unknown, fallback?: unknown) => string[] };
  const work = utils.toResolveHierarchy.bind(utils);
  const known = new Map<unknown, string[]>();
  utils.toResolveHierarchy = (code, fallback) => {
    if (fallback !== undefined || !isLng(code)) return work(code, fallback);
    let codes = known.get(code);
    if (!codes) known.set(code, (codes = work(code)));
    // A copy: i18next may add to the list it is given.
    return [...codes];
  };
  return instance;
}

/** What a t() for the instance's own language passes besides the key (i18next's getFixedT adds them all). */
const LANGUAGE_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);

/**
 * A translation without values to put in (most of a page's) is the same every time: it is
 * kept the first time, for the instance's own language, instead of i18next looking it up
 * again (resources are bundled and never change while the server runs).
 */
function keepTranslations(instance: i18n): i18n {
  const translate = instance.t.bind(instance) as (key: unknown, options?: Record<string, unknown>) => unknown;
  const kept = new Map<string, unknown>();
  // A fixed t() (react-i18next's useTranslation) passes the languages it was not given as null.
  const plain = (options: Record<string, unknown> | undefined) =>
    !options ||
    Object.entries(options).every(([name, value]) =>
      value == null || (LANGUAGE_OPTIONS.has(name) && (name !== "lng" || value === instance.language) && name !== "lngs" && name !== "keyPrefix"));
  instance.t = ((key: unknown, options?: Record<string, unknown>) => {
    if (typeof key !== "string" || (options !== undefined && typeof options !== "object") || !plain(options)) return translate(key, options);
    const ns = options?.ns;
    const id = `${Array.isArray(ns) ? ns.join(",") : String(ns ?? "")}\u0000${key}`;
    if (!kept.has(id)) kept.set(id, translate(key, options));
    return kept.get(id);
  }) as i18n["t"];
  return instance;
}

/** A t() for the request's language, for loaders, actions and meta. */
export async function getT(request: Request): Promise<{ t: TFunction; lng: Lng }> {
  const lng = await getLocale(request);
  return { t: (await i18nInstance(lng)).t, lng };
}
