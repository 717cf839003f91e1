import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DraftDetailsFields, DraftTextFields, ParseReport, useDetailLabels } from "~/components/draft-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/form";
import { summariseDraftText } from "~/domain/articles";
import { checkDetails, DETAIL_FIELDS, frontMatterValues, newDraftDetails } from "~/domain/draft-input";
import { isOversizedUpload, readDraftText, textChecksum } from "~/documents/draft-text.server";
import { publishDraft } from "~/services/drafts.server";
import { todayInChina } from "~/utils/clock.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "draft");
  const { t } = await getT(request);
  return { title: t("drafts:create.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Values = Record<string, string>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create", "draft");
  if (isOversizedUpload(request)) {
    return data({ step: "text" as const, errors: { file: ["drafts:errors.fileTooLarge"] } as FieldErrors, values: {} as Values }, { status: 413 });
  }
  const form = await request.formData();
  const input = await readDraftText(form);
  const submitted: Values = {};
  for (const key of DETAIL_FIELDS) {
    const v = form.get(key);
    if (typeof v === "string") submitted[key] = v;
  }
  if (!input.ok) {
    const pasted = form.get("text");
    return data(
      { step: "text" as const, errors: { [input.field]: [input.error] } as FieldErrors, values: { ...submitted, text: typeof pasted === "string" ? pasted : "" } },
      { status: 400 },
    );
  }
  const { text } = input;
  const summary = summariseDraftText(text);
  const checksum = textChecksum(text);
  if (!summary.articles.length) {
    return data({ step: "text" as const, errors: { text: ["drafts:errors.noArticles"] } as FieldErrors, values: { ...submitted, text } }, { status: 400 });
  }

  const review = (extra: { errors?: FieldErrors; values: Values; changed?: boolean; prefilled?: boolean }) => ({
    step: "review" as const, text, checksum, summary, errors: extra.errors ?? null, values: extra.values,
    changed: extra.changed ?? false, prefilled: extra.prefilled ?? false,
  });

  if (form.get("intent") !== "save" || form.get("checksum") !== checksum) {
    // The first check fills the details from the file; later ones keep what was typed.
    const firstCheck = !("title" in submitted);
    const fromFile = firstCheck ? frontMatterValues(text) : {};
    const values: Values = firstCheck
      ? { title: summary.title ?? "", kind: "law", reading: "first", receivedOn: todayInChina(), ...fromFile }
      : submitted;
    return review({ values, changed: form.get("intent") === "save", prefilled: Object.keys(fromFile).length > 0 });
  }

  const parsed = parseForm(newDraftDetails, form);
  if (!parsed.ok) return data(review({ errors: parsed.errors, values: submitted }), { status: 400 });
  const crossErrors = checkDetails(parsed.data);
  if (crossErrors) return data(review({ errors: crossErrors, values: submitted }), { status: 400 });

  const id = await publishDraft({ ...parsed.data, body: text, createdBy: user.id });
  throw redirect(`/staff/drafts/${id}?notice=created`);
}

export default function NewDraft() {
  useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const labels = useDetailLabels();
  const review = result?.step === "review" ? result : null;
  const errors = result?.errors ?? undefined;
  return (
    <div className="page narrow">
      <p className="no-print"><Link to="/staff/drafts">{t("drafts:staff.title")}</Link></p>
      <h1>{t("drafts:create.title")}</h1>
      <p>{t("drafts:create.lead")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      {review?.changed ? <p className="notice warn" role="status">{t("drafts:create.changed")}</p> : null}
      {/* A new key after each check resets the file input and shows the text as parsed. */}
      <Form key={review?.checksum ?? "text"} method="post" encType="multipart/form-data" className="stack">
        <fieldset>
          <legend>{t("drafts:create.stepText")}</legend>
          <DraftTextFields text={review ? review.text : result?.values.text} errors={result?.step === "text" ? errors : undefined} />
          <button type="submit" name="intent" value="check" className={review ? "secondary" : "primary"} disabled={busy}>
            {review ? t("drafts:create.recheck") : t("drafts:create.check")}
          </button>
        </fieldset>
        {review ? (
          <>
            <input type="hidden" name="checksum" value={review.checksum} />
            <fieldset>
              <legend>{t("drafts:create.stepParse")}</legend>
              <ParseReport summary={review.summary} />
            </fieldset>
            <fieldset>
              <legend>{t("drafts:create.stepDetails")}</legend>
              {review.prefilled ? <p className="muted">{t("drafts:create.frontMatter")}</p> : null}
              <DraftDetailsFields values={review.values} errors={review.errors} withReading />
            </fieldset>
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>{t("drafts:create.save")}</button>
          </>
        ) : null}
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
