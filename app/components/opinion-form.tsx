import { useTranslation } from "react-i18next";

import { CheckboxField, ErrorSummary, FieldMessages, SelectField, TextAreaField, TextField } from "./form";
import { CHANNELS, SUBMITTER_CATEGORIES } from "~/domain/vocabulary";

type Article = { id: number; number: number; text: string };
type Grid = { id: number; name: string; communityName: string };
type Unit = { id: number; name: string; parentId: number | null };
type Event = { id: number; title: string; heldOn: string };

/** Which articles a search matches: by number (12, 十二, 第十二条) or by words of the text. */
function matchArticles(articles: Article[], query: string): Article[] {
  const q = query.normalize("NFKC").trim();
  if (!q) return articles;
  const n = Number(/^第?(\d+)条?$/.exec(q)?.[1]);
  return articles.filter((a) => a.number === n || a.text.includes(q) || `第${a.number}条`.includes(q));
}

/**
 * The fields of an opinion, in the order a collector asks them: article, where,
 * how and when, who, what. Used to record and to change a record.
 */
export function OpinionFormFields({
  articles, articleQuery = "", grids, units, events, values, errors,
}: {
  articles: Article[];
  articleQuery?: string;
  grids: Grid[];
  units: Unit[];
  events: Event[];
  values: Record<string, string>;
  errors?: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const shown = matchArticles(articles, articleQuery);
  const chosen = values.article ?? "";
  // A chosen article stays in the list even when a search hides the others.
  const list = chosen && !shown.some((a) => String(a.number) === chosen) ? [...articles.filter((a) => String(a.number) === chosen), ...shown] : shown;
  const chosenArticle = articles.find((a) => String(a.number) === chosen);
  const labels: Record<string, string> = {
    article: t("collect:form.article"), gridId: t("collect:form.grid"), unitId: t("collect:form.unit"),
    channel: t("collect:form.channel"), collectedOn: t("collect:form.collectedOn"), eventId: t("collect:form.event"),
    submitterCategory: t("collect:form.submitter"), consent: t("collect:form.consent"), residentName: t("collect:form.residentName"),
    residentPhone: t("collect:form.residentPhone"), opinion: t("collect:form.opinion"),
    suggestedRevision: t("collect:form.suggestedRevision"), reason: t("collect:form.reason"),
  };
  const gridUnits = units.filter((u) => String(u.parentId) === values.gridId);
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <div className="field">
        <label htmlFor="article">{labels.article}</label>
        <select id="article" name="article" defaultValue={chosen} aria-describedby="article-hint" aria-invalid={errors?.article ? true : undefined}>
          <option value="">{t("collect:form.general")}</option>
          {list.map((a) => (
            <option key={a.id} value={String(a.number)}>
              第{a.number}条 {a.text.slice(0, 24)}
            </option>
          ))}
        </select>
        <FieldMessages name="article" hint={`${t("collect:form.articleHint")} ${articleQuery ? t("collect:form.articleShown", { count: shown.length }) : ""}`} errors={errors?.article} />
        {chosenArticle ? (
          <details>
            <summary>{t("collect:form.articleText")}</summary>
            <p className="article-text">{chosenArticle.text}</p>
          </details>
        ) : null}
      </div>
      <fieldset>
        <legend>{t("collect:form.where")}</legend>
        <SelectField
          name="gridId" label={labels.gridId} defaultValue={values.gridId} errors={errors?.gridId}
          options={grids.map((g) => ({ value: String(g.id), label: g.name }))}
        />
        <SelectField
          name="unitId" label={labels.unitId} defaultValue={values.unitId ?? ""} errors={errors?.unitId}
          options={[{ value: "", label: t("collect:form.noUnit") }, ...(gridUnits.length ? gridUnits : units).map((u) => ({ value: String(u.id), label: u.name }))]}
        />
      </fieldset>
      <fieldset>
        <legend>{t("collect:form.how")}</legend>
        <SelectField
          name="channel" label={labels.channel} defaultValue={values.channel} errors={errors?.channel}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <TextField name="collectedOn" type="date" label={labels.collectedOn} defaultValue={values.collectedOn} errors={errors?.collectedOn} />
        {events.length ? (
          <SelectField
            name="eventId" label={labels.eventId} defaultValue={values.eventId ?? ""} errors={errors?.eventId}
            options={[{ value: "", label: t("collect:form.noEvent") }, ...events.map((e) => ({ value: String(e.id), label: `${e.heldOn} ${e.title}` }))]}
          />
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t("collect:form.who")}</legend>
        <SelectField
          name="submitterCategory" label={labels.submitterCategory} defaultValue={values.submitterCategory} errors={errors?.submitterCategory}
          options={SUBMITTER_CATEGORIES.map((c) => ({ value: c, label: t(`submitter.${c}`) }))}
        />
        <CheckboxField name="consent" label={labels.consent} defaultChecked={values.consent === "on"} errors={errors?.consent} />
        <TextField name="residentName" label={labels.residentName} defaultValue={values.residentName} autoComplete="off" maxLength={40} errors={errors?.residentName} />
        <TextField
          name="residentPhone" type="tel" inputMode="tel" label={labels.residentPhone} defaultValue={values.residentPhone}
          autoComplete="off" hint={t("collect:form.phoneHint")} errors={errors?.residentPhone}
        />
      </fieldset>
      <TextAreaField name="opinion" label={labels.opinion} defaultValue={values.opinion} required rows={5} maxLength={5000} errors={errors?.opinion} />
      <TextAreaField name="suggestedRevision" label={labels.suggestedRevision} defaultValue={values.suggestedRevision} rows={3} maxLength={5000} errors={errors?.suggestedRevision} />
      <TextAreaField name="reason" label={labels.reason} defaultValue={values.reason} rows={3} maxLength={5000} errors={errors?.reason} />
      <CheckboxField name="containsPersonalInfo" label={t("collect:form.containsPersonalInfo")} defaultChecked={values.containsPersonalInfo === "on"} />
    </>
  );
}
