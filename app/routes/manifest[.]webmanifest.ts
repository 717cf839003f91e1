import type { LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "~/utils/i18n.server";

/**
 * GET /manifest.webmanifest — the field app's web app manifest, in the visitor's language:
 * installed on an informant's phone it opens on the collection form, which works without
 * a signal (public/sw.js).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t, lng } = await getT(request);
  const manifest = {
    id: "/collect",
    name: t("fieldApp.name"),
    short_name: t("fieldApp.shortName"),
    description: t("fieldApp.description"),
    lang: lng,
    dir: "ltr",
    start_url: "/collect/new",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#ffffff",
    theme_color: "#a4161a",
    icons: [
      { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "no-cache", Vary: "Cookie" },
  });
}
