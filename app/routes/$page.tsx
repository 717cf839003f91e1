import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CONTENT_PAGES, loadContentPage, type ContentPage } from "~/utils/content.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";

// The Markdown pages of content/pages: /privacy and /help.
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!CONTENT_PAGES.includes(params.page as ContentPage)) notFound();
  return loadContentPage(params.page as ContentPage, await getLocale(request));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ContentPageRoute() {
  const { title, html } = useLoaderData<typeof loader>();
  return (
    <article className="prose">
      <h1>{title}</h1>
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
