import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { Scripts, useLoaderData } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import handleRequest from "./entry.server";

// The server entry with the server runtime as installed (patches/@remix-run+server-runtime+*.patch):
// the loaders' data is encoded for a browser app only for a page sent with scripts.

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
});
