import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ResultMessage, SelectField } from "~/components/form";
import { OutcomeBadge } from "~/components/outcome-badge";
import { SelectAll } from "~/components/select-all";
import { qrSvg } from "~/documents/qr-code.server";
import { draftTitle } from "~/domain/draft-title";
import { idList, optionalId } from "~/domain/fields";
import { getContactPoint, listContactPoints } from "~/models/contact-points.server";
import { listAnsweredDrafts, listContactPointAnswers } from "~/models/feedback.server";
import { markToldInPerson } from "~/services/outcomes.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { publicUrl } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission, type ScopedUser } from "~/utils/permissions.server";

// A contact point's feedback list: its residents' outcomes by receipt code (never a
// name), to print and hand out or post; a liaison marks those told in person.

const querySchema = z.object({ draft: optionalId.catch(null), point: optionalId.catch(null) });

/** The contact point the list is for: the liaison's own; staff choose any (the first by default). */
async function contactPointFor(user: ScopedUser, chosen: number | null) {
  if (user.scope !== "any") return user.contactPointId ? getContactPoint(db, user.contactPointId) : undefined;
  return chosen ? getContactPoint(db, chosen) : (await listContactPoints(db))[0];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "record", "feedback");
  const { t } = await getT(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const point = await contactPointFor(user, query.point);
  if (!point) throw new Response("Not Found", { status: 404 });
  const drafts = await listAnsweredDrafts(db, point.id);
  const draftId = query.draft && drafts.some((d) => d.id === query.draft) ? query.draft : (drafts[0]?.id ?? null);
  const lookupUrl = publicUrl(request, "/tracker/receipt");
  const [answers, lookupQr, points] = await Promise.all([
    draftId ? listContactPointAnswers(db, { contactPointId: point.id, draftId }) : Promise.resolve([]),
    qrSvg(lookupUrl),
    user.scope === "any" ? listContactPoints(db) : Promise.resolve([]),
  ]);
  return {
    title: t("feedback:list.title", { point: point.name }),
    point: { id: point.id, name: point.name },
    points: points.map((p) => ({ id: p.id, name: p.name })),
    drafts,
    draftId,
    answers,
    lookupUrl,
    lookupQr,
    printedOn: todayInChina(),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "record", "feedback");
  const form = await request.formData();
  const chosen = idList.safeParse(form.getAll("told"));
  if (!chosen.success || !chosen.data.length) {
    return data({ ok: false as const, error: chosen.success ? "feedback:errors.nothingChosen" : "validation.tooMany" }, { status: 400 });
  }
  // Scope in the query: a liaison marks only their own contact point's opinions.
  const contactPointId = user.scope === "any" ? null : (user.contactPointId ?? -1);
  const count = await markToldInPerson({ ids: chosen.data, contactPointId, userId: user.id });
  return { ok: true as const, count };
}

export default function FeedbackList() {
  const { point, points, drafts, draftId, answers, lookupUrl, lookupQr, printedOn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const draft = drafts.find((d) => d.id === draftId);
  return (
    <article className="feedback-sheet">
      <p className="no-print"><Link to="/collect">{t("collect:home.title")}</Link></p>
      <h1>{t("feedback:list.title", { point: point.name })}</h1>
      <p className="no-print">{t("feedback:list.lead")}</p>
      {drafts.length ? (
        <Form method="get" className="filters no-print">
          {points.length ? (
            <SelectField name="point" label={t("feedback:list.point")} defaultValue={String(point.id)} options={points.map((p) => ({ value: String(p.id), label: p.name }))} />
          ) : null}
          <SelectField
            name="draft" label={t("feedback:list.draft")} defaultValue={String(draftId ?? "")}
            options={drafts.map((d) => ({ value: String(d.id), label: draftTitle(d, lng) }))}
          />
          <button type="submit" className="secondary">{t("feedback:list.show")}</button>
        </Form>
      ) : (
        <p>{t("feedback:list.none")}</p>
      )}
      {result?.ok ? <ResultMessage result={result}>{t("feedback:list.marked", { count: result.count })}</ResultMessage> : null}
      {result && !result.ok ? <ResultMessage result={result} tone="alert">{t(result.error)}</ResultMessage> : null}
      {draft ? (
        <Form method="post">
          <h2>{draftTitle(draft, lng)}</h2>
          {draft.enactedOn ? <p>{t("feedback:response.enactedOn", { date: formatDate(draft.enactedOn, lng) })}</p> : null}
          <div className="notice-codes">
            <figure>
              <div className="qr" role="img" aria-label={t("feedback:notice.lookupQr")} dangerouslySetInnerHTML={{ __html: lookupQr }} />
              <figcaption>{t("feedback:list.lookup")}<br /><span className="url">{lookupUrl}</span></figcaption>
            </figure>
            <p>{t("feedback:list.howToRead")}</p>
          </div>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="no-print"><SelectAll name="told" label={t("feedback:list.selectAll")} /></th>
                  <th scope="col">{t("feedback:list.code")}</th>
                  <th scope="col" className="nowrap">{t("tracker:columns.article")}</th>
                  <th scope="col">{t("feedback:list.outcome")}</th>
                  <th scope="col" className="nowrap">{t("feedback:list.told")}</th>
                </tr>
              </thead>
              <tbody>
                {answers.map((a) => (
                  <tr key={a.id}>
                    <td className="no-print">
                      <input type="checkbox" name="told" value={a.id} id={`told-${a.id}`} disabled={a.channels.includes("in_person")}
                        aria-label={t("feedback:list.markOne", { code: a.receiptCode })} />
                    </td>
                    <th scope="row"><span className="receipt">{a.receiptCode}</span></th>
                    <td className="nowrap">{a.articleNumber == null ? t("generalComment") : t("tracker:article", { number: a.articleNumber })}</td>
                    <td>
                      <OutcomeBadge outcome={a.outcome} />
                      {a.note ? <p lang="zh-CN">{a.note}</p> : null}
                      {a.finalArticleNumber ? <p>{t("feedback:finalArticle", { number: a.finalArticleNumber })}</p> : null}
                    </td>
                    <td>{a.channels.length ? a.channels.map((c) => t(`feedback:channel.${c}`)).join(t("feedback:listSeparator")) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="no-print"><button type="submit" className="primary">{t("feedback:list.mark")}</button></p>
          <p className="notice-footer">{t("feedback:list.footer", { point: point.name, date: formatDate(printedOn, lng) })}</p>
        </Form>
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
