import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { createSession, generateSessionToken, sessionCookieName } from "~/utils/session.server";

// Calls a route's real loader or action as Remix would, and reports what the
// browser would get: the status, the data, the redirect target.
type RouteFunction = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

export type RouteResult = { status: number; data: any; location: string | null; headers: Headers };

export async function signInAs(username: string): Promise<string> {
  const user = await db.selectFrom("users").select(["id", "role"]).where("username", "=", username).executeTakeFirstOrThrow();
  const token = generateSessionToken();
  await createSession(db, { token, userId: user.id, role: user.role });
  return `${sessionCookieName()}=${token}`;
}

export async function callRoute(
  fn: RouteFunction | undefined,
  {
    path = "/",
    method = "GET",
    cookie,
    form,
    params = {},
    address = "127.0.0.1",
  }: { path?: string; method?: string; cookie?: string; form?: Record<string, string | string[]> | FormData; params?: Record<string, string>; address?: string } = {},
): Promise<RouteResult> {
  if (!fn) throw new Error("The route has no such function");
  const headers = new Headers({ origin: "http://localhost" });
  if (cookie) headers.set("cookie", cookie);
  let body: FormData | undefined;
  if (form instanceof FormData) body = form;
  else if (form) {
    body = new FormData();
    for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const request = new Request(`http://localhost${path}`, { method, headers, body });
  try {
    return toResult(await fn({ request, params, context: { clientAddress: address } }));
  } catch (thrown) {
    if (thrown instanceof Response || isDataWithInit(thrown)) return toResult(thrown);
    throw thrown;
  }
}

function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit";
}

async function toResult(value: unknown): Promise<RouteResult> {
  if (value instanceof Response) {
    const type = value.headers.get("content-type") ?? "";
    const data = type.includes("json")
      ? await value.json()
      : type.startsWith("text/") || !type
        ? await value.text()
        : Buffer.from(await value.arrayBuffer());
    return { status: value.status, data, location: value.headers.get("location"), headers: value.headers };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    return { status: value.init?.status ?? 200, data: value.data, location: headers.get("location"), headers };
  }
  return { status: 200, data: value, location: null, headers: new Headers() };
}
