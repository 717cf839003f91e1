import { createCookie } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
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

const instances = new Map<Lng, Promise<TFunction>>();

/** A t() for the request's language, for loaders, actions and meta. */
export async function getT(request: Request): Promise<{ t: TFunction; lng: Lng }> {
  const lng = await getLocale(request);
  let t = instances.get(lng);
  if (!t) {
    const instance = i18next.createInstance();
    t = instance.init({ ...i18nConfig, lng }).then(() => instance.t);
    instances.set(lng, t);
  }
  return { t: await t, lng };
}
