import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/services/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await signOut(request) } });
}

// Signing out changes state, so it is never a GET.
export function loader() {
  return redirect("/");
}
