import { createRequire } from "node:module";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Scripts, useLoaderData } from "@remix-run/react";
import { describe, expect, it, vi } from "vitest";
import handleRequest from "./entry.server";

// The server entry with the server runtime as installed (patches/@remix-run+server-runtime+*.patch):
// the loaders' data is encoded for a browser app only for a page sent with scripts; and with
// Remix's and React Router's rendering as installed (patches/@remix-run+react+*.patch,
// patches/react-router-dom+*.patch): the route objects a page is rendered with are made once.

function appWithOnePage(handle: unknown) {
  let encoded = 0;
  const data = {
    shown: "页面内容",
    // Read only by whatever encodes the data for the browser; the page itself never reads it.
    get forTheBrowser() {
      encoded += 1;
      return "数据";
    },
  };
  function Page() {
    return (
      <>
        <p>{useLoaderData<typeof data>().shown}</p>
        <Scripts />
      </>
    );
  }
  const build = {
    mode: "production",
    entry: { module: { default: handleRequest } },
    routes: { root: { id: "root", path: "", module: { default: Page, loader: () => data, handle } } },
    assets: {
      url: "/assets/manifest.js",
      version: "1",
      entry: { module: "/assets/entry.js", imports: [] },
      routes: { root: { id: "root", path: "", module: "/assets/root.js", hasLoader: true, hasAction: false, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false } },
    },
    future: { v3_singleFetch: true },
    publicPath: "/assets/",
    assetsBuildDirectory: "build/client/assets",
    isSpaMode: false,
    basename: undefined,
  } as unknown as ServerBuild;
  const handler = createRequestHandler(build, "production");
  return {
    get: async () => {
      const response = await handler(new Request("http://localhost/"));
      return { status: response.status, body: await response.text(), encoded };
    },
  };
}

describe("the server entry", () => {
  it("does not encode the loaders' data for a page sent without scripts", async () => {
    const page = await appWithOnePage({ hydrate: false }).get();
    expect(page.status).toBe(200);
    expect(page.body).toContain("页面内容");
    expect(page.body).not.toContain("数据");
    expect(page.encoded).toBe(0);
  });

  it("encodes them for a page sent with scripts, which streams them to the browser", async () => {
    const page = await appWithOnePage(undefined).get();
    expect(page.status).toBe(200);
    expect(page.body).toContain("页面内容");
    expect(page.body).toContain("数据");
    expect(page.encoded).toBe(1);
  });

  it("makes the route objects a page is rendered with once, not again for every page", async () => {
    // The modules as the installed packages load them (CommonJS, on the server).
    const require = createRequire(import.meta.url);
    const made = vi.spyOn(require("@remix-run/react/dist/routes.js") as { createServerRoutes: () => unknown }, "createServerRoutes");
    const converted = vi.spyOn(require("@remix-run/router") as { UNSAFE_convertRoutesToDataRoutes: () => unknown }, "UNSAFE_convertRoutesToDataRoutes");
    try {
      const app = appWithOnePage({ hydrate: false });
      const first = await app.get();
      expect(first.body).toContain("页面内容");
      made.mockClear();
      converted.mockClear();
      for (let i = 0; i < 2; i++) expect((await app.get()).body).toBe(first.body);
      expect(made).not.toHaveBeenCalled();
      expect(converted).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
      converted.mockRestore();
    }
  });
});
