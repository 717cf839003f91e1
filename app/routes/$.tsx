// Any path no route claims: the root ErrorBoundary shows the localized 404 page.
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
