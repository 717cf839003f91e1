import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { FieldApp } from "./components/field-app";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { useNonce } from "./components/nonce";
import styles from "./styles/app.css?url";
import { getLocale } from "./utils/i18n.server";
import { getOptionalUser } from "./utils/auth.server";
import { sendsScripts } from "./utils/scripts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [lng, user] = await Promise.all([getLocale(request), getOptionalUser(request)]);
  return { lng, user: user && { username: user.username, displayName: user.displayName, role: user.role } };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const { i18n, t } = useTranslation();
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const lng = data?.lng ?? i18n.language;
  // After the language switch (a form post) the loader brings the new language.
  useChangeLanguage(lng);
  // A route whose page needs no JavaScript says so with `handle = { hydrate: false }`: it is sent
  // without scripts. Reached by a navigation in the browser, the app is running: it keeps them.
  const matches = useMatches();
  const hydrate = typeof document !== "undefined" || sendsScripts(matches.map((match) => match.handle));
  return (
    <html lang={lng} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#a4161a" />
        <Meta />
        <Links />
      </head>
      <body>
        <FieldApp user={data?.user ?? null}>
          <a className="skip-link" href="#main">
            {t("skipToContent")}
          </a>
          <SiteHeader user={data?.user ?? null} hydrated={hydrate} />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter />
        </FieldApp>
        {hydrate ? <ScrollRestoration nonce={nonce} /> : null}
        {hydrate ? <Scripts nonce={nonce} /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
