import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/form";
import { OpinionTimeline } from "~/components/opinion-timeline";
import { isReceiptCode, normalizeReceiptCode } from "~/domain/receipt-code";
import { draftTitle } from "~/domain/draft-title";
import { findReceipt, type ReceiptView } from "~/models/tracker-receipts.server";
import { recordLookup } from "~/services/outcomes.server";
import { getOptionalUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { receiptLookupsByAddress, tooManyRequests } from "~/utils/rate-limit.server";

const querySchema = z.object({ code: z.string().max(64, "tracker:receipt.malformed").optional() });

type Result = { title: string; code: string; error: string | null; receipt: ReceiptView | null };

/**
 * GET /tracker/receipt?code=XXXXXXXX: what became of one opinion. Every lookup counts
 * against the address's limit, so that codes cannot be guessed by trying them all.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const title = t("tracker:receipt.title");
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const typed = query.success ? (query.data.code ?? "").trim() : "";
  if (query.success && !typed) return { title, code: "", error: null, receipt: null } satisfies Result;
  if (!(await receiptLookupsByAddress.hit(context.clientAddress ?? "unknown"))) tooManyRequests();
  const code = normalizeReceiptCode(typed);
  if (!query.success || !isReceiptCode(code)) {
    return data({ title, code: typed.slice(0, 20), error: "tracker:receipt.malformed", receipt: null } satisfies Result, { status: 400 });
  }
  let receipt = await findReceipt(db, code);
  if (!receipt) return data({ title, code, error: "tracker:receipt.unknown", receipt: null } satisfies Result, { status: 404 });
  // A resident (not a signed-in worker checking) who sees the answer has been told it.
  const answered = receipt.steps.some((s) => s.step === "outcome" || s.step === "notForwarded");
  const toldByLookup = receipt.steps.some((s) => s.step === "told" && s.channels.includes("lookup"));
  if (answered && !toldByLookup && !(await getOptionalUser(request))) {
    await recordLookup(receipt.opinionId);
    receipt = (await findReceipt(db, code))!;
  }
  return { title: `${code} · ${title}`, code, error: null, receipt } satisfies Result;
}

// A read and a GET form: the page is complete without the app's scripts, which residents
// opening it from a text message would otherwise download (app/root.tsx).
export const handle = { hydrate: false };

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export default function ReceiptLookup() {
  const { code, error, receipt } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <div className="page narrow">
      <p><Link to="/tracker">{t("tracker:backToTracker")}</Link></p>
      <h1>{t("tracker:receipt.title")}</h1>
      <p>{t("tracker:receipt.lead")}</p>
      <Form method="get" className="stack" role="search">
        <TextField
          name="code" label={t("tracker:receipt.label")} hint={t("tracker:receipt.hint")} defaultValue={code}
          autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={20} errors={error ? [error] : undefined}
        />
        <button type="submit" className="primary">{t("tracker:receipt.submit")}</button>
      </Form>
      {receipt ? <ReceiptDetails receipt={receipt} lng={lng} /> : null}
      <p className="muted">{t("tracker:receipt.privacy")}</p>
    </div>
  );
}

function ReceiptDetails({ receipt, lng }: { receipt: ReceiptView; lng: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="receipt-result" className="card tracker-receipt">
      <h2 id="receipt-result">{t("tracker:receipt.resultTitle")} <span className="receipt">{receipt.receiptCode}</span></h2>
      <dl className="tracker-facts">
        <div>
          <dt>{t("tracker:receipt.draft")}</dt>
          <dd><Link to={`/tracker/drafts/${receipt.draft.id}/response`}>{draftTitle(receipt.draft, lng)}</Link></dd>
        </div>
        <div>
          <dt>{t("tracker:columns.article")}</dt>
          <dd>{receipt.articleNumber == null ? t("generalComment") : t("tracker:article", { number: receipt.articleNumber })}</dd>
        </div>
        <div><dt>{t("tracker:receipt.status")}</dt><dd><strong>{t(`opinionStatus.${receipt.status}`)}</strong></dd></div>
      </dl>
      <h3>{t("tracker:receipt.opinion")}</h3>
      <p lang="zh-CN">{receipt.text ?? <span className="muted">{t("tracker:withheld")}</span>}</p>
      <h3 id="receipt-history">{t("tracker:receipt.history")}</h3>
      <OpinionTimeline steps={receipt.steps} next={receipt.next} headingId="receipt-history" />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
