import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { findArticles } from "~/domain/article-ref";
import { CHANNELS, SUBMITTER_CATEGORIES } from "~/domain/vocabulary";
import { formatDate } from "~/utils/format";
import { CheckboxField, ErrorSummary, FieldMessages, SelectField, TextAreaField, TextField } from "./form";
import { useHydrated } from "./select-all";

type Article = { id: number; number: number; text: string };
type Grid = { id: number; name: string; communityName: string };
type Unit = { id: number; name: string; parentId: number | null };
type Event = { id: number; title: string; heldOn: string };

/** The submit button's value that looks up articles instead of saving: the form comes back with everything typed. */
export const FIND_ARTICLE = "findArticle";

const CONTEXT_FIELDS = ["gridId", "unitId", "channel", "collectedOn", "eventId"];

/**
 * The fields of an opinion in the order a collector fills them in the field: which
 * article, what the resident said, who said it, then where, how and when (kept from
 * the last record, folded away unless something there needs attention). The article
 * search is part of the same form, so that looking up "第十二条" never loses what was
 * typed; with JavaScript the list narrows as one types. Used to record and to change
 * a record.
 */
export function OpinionFormFields({
  articles, grids, units, events, values, errors,
}: {
  articles: Article[];
  grids: Grid[];
  units: Unit[];
  events: Event[];
  values: Record<string, string>;
  errors?: Record<string, string[]>;
}) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const [query, setQuery] = useState(values.articleQuery ?? "");
  const found = findArticles(articles, query);
  // A query naming one article chooses it; a chosen article stays listed whatever the search.
  const chosen = values.article || (values.articleQuery && found.length === 1 ? String(found[0].number) : "");
  const list = chosen && !found.some((a) => String(a.number) === chosen) ? [...articles.filter((a) => String(a.number) === chosen), ...found] : found;
  const [article, setArticle] = useState(chosen);
  const chosenArticle = articles.find((a) => String(a.number) === article);
  const labels: Record<string, string> = {
    article: t("collect:form.article"), articleQuery: t("collect:form.articleSearch"), gridId: t("collect:form.grid"), unitId: t("collect:form.unit"),
    channel: t("collect:form.channel"), collectedOn: t("collect:form.collectedOn"), eventId: t("collect:form.event"),
    submitterCategory: t("collect:form.submitter"), consent: t("collect:form.consent"), residentName: t("collect:form.residentName"),
    residentPhone: t("collect:form.residentPhone"), opinion: t("collect:form.opinion"),
    suggestedRevision: t("collect:form.suggestedRevision"), reason: t("collect:form.reason"),
  };
  const gridUnits = units.filter((u) => String(u.parentId) === values.gridId);
  const grid = grids.find((g) => String(g.id) === values.gridId);
  const event = events.find((e) => String(e.id) === values.eventId);
  const contextNeedsAttention = !grid || !values.channel || !values.collectedOn || CONTEXT_FIELDS.some((f) => errors?.[f]);
  const summary = [
    grid?.name, values.channel ? t(`channel.${values.channel}`) : null, values.collectedOn ? formatDate(values.collectedOn, i18n.language) : null, event?.title,
  ].filter(Boolean).join(" · ");
  return (
    <>
      <ErrorSummary errors={errors && Object.keys(errors).length ? errors : undefined} labels={labels} />
      <fieldset className="article-picker">
        <legend>{labels.article}</legend>
        <div className="field">
          <label htmlFor="articleQuery">{labels.articleQuery}</label>
          <div className="inline-form">
            <input
              id="articleQuery" name="articleQuery" type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)}
              aria-describedby="articleQuery-hint" autoComplete="off" maxLength={40} enterKeyHint="search"
            />
            <button type="submit" name="intent" value={FIND_ARTICLE} className="secondary" formNoValidate>{t("collect:form.articleSearchSubmit")}</button>
          </div>
          <p id="articleQuery-hint" className="hint">
            {t("collect:form.articleSearchHint")}
            {query ? ` ${t("collect:form.articleShown", { count: found.length })}` : ""}
          </p>
        </div>
        <div className="field">
          <label htmlFor="article">{t("collect:form.articleChoice")}</label>
          <select
            id="article" name="article" value={article} onChange={(e) => setArticle(e.currentTarget.value)}
            aria-describedby="article-hint" aria-invalid={errors?.article ? true : undefined}
            // Without JavaScript the server narrows the list; with it, the list follows the search box.
            key={hydrated ? "live" : "server"}
          >
            <option value="">{t("collect:form.general")}</option>
            {list.map((a) => (
              <option key={a.id} value={String(a.number)}>
                第{a.number}条 {a.text.replace(/^第[^条]+条\s*/, "").slice(0, 24)}
              </option>
            ))}
          </select>
          <FieldMessages name="article" hint={t("collect:form.articleHint")} errors={errors?.article} />
          {chosenArticle ? (
            <details>
              <summary>{t("collect:form.articleText")}</summary>
              <p className="article-text">{chosenArticle.text}</p>
            </details>
          ) : null}
        </div>
      </fieldset>
      <TextAreaField name="opinion" label={labels.opinion} defaultValue={values.opinion} required rows={5} maxLength={5000} errors={errors?.opinion} />
      <TextAreaField name="suggestedRevision" label={labels.suggestedRevision} defaultValue={values.suggestedRevision} rows={3} maxLength={5000} errors={errors?.suggestedRevision} />
      <TextAreaField name="reason" label={labels.reason} defaultValue={values.reason} rows={3} maxLength={5000} errors={errors?.reason} />
      <CheckboxField name="containsPersonalInfo" label={t("collect:form.containsPersonalInfo")} defaultChecked={values.containsPersonalInfo === "on"} />
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
      <details className="record-context" open={contextNeedsAttention}>
        <summary>
          {t("collect:form.context")}
          {summary ? <span className="muted"> {summary}</span> : null}
        </summary>
        <SelectField
          name="gridId" label={labels.gridId} defaultValue={values.gridId} errors={errors?.gridId}
          options={grids.map((g) => ({ value: String(g.id), label: g.name }))}
        />
        <SelectField
          name="unitId" label={labels.unitId} defaultValue={values.unitId ?? ""} errors={errors?.unitId}
          options={[{ value: "", label: t("collect:form.noUnit") }, ...(gridUnits.length ? gridUnits : units).map((u) => ({ value: String(u.id), label: u.name }))]}
        />
        <SelectField
          name="channel" label={labels.channel} defaultValue={values.channel} errors={errors?.channel}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <TextField name="collectedOn" type="date" label={labels.collectedOn} defaultValue={values.collectedOn} errors={errors?.collectedOn} />
        {events.length ? (
          <SelectField
            name="eventId" label={labels.eventId} defaultValue={values.eventId ?? ""} errors={errors?.eventId}
            options={[{ value: "", label: t("collect:form.noEvent") }, ...events.map((e) => ({ value: String(e.id), label: `${formatDate(e.heldOn, i18n.language)} ${e.title}` }))]}
          />
        ) : null}
      </details>
    </>
  );
}

export type SimilarOpinion = { id: number; receiptCode: string; text: string; collectedOn: string; mine: boolean };

/** Opinions already recorded at the contact point that say much the same: a list with their receipt codes. */
export function SimilarOpinions({ hints, heading }: { hints: SimilarOpinion[]; heading: string }) {
  const { t, i18n } = useTranslation();
  if (!hints.length) return null;
  return (
    <section className="similar-hint" aria-label={heading}>
      <h2>{heading}</h2>
      <p className="hint">{t("collect:similar.lead")}</p>
      <ul>
        {hints.map((h) => (
          <li key={h.id}>
            {h.mine ? <Link to={`/collect/opinions/${h.id}`} aria-label={`${t("collect:similar.mine")} ${h.receiptCode}`}>{h.receiptCode}</Link> : <span>{h.receiptCode}</span>}{" "}
            <span className="muted">{formatDate(h.collectedOn, i18n.language)}</span>
            <div>{h.text}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * With JavaScript, while the informant types: up to three similar opinions already recorded
 * at their contact point on the article chosen. A quiet aid: asked for after a pause in
 * typing, and when it cannot be had (no signal) nothing is shown and nothing is in the way.
 */
export function SimilarHint({ draftId, formId }: { draftId: number; formId: string }) {
  const { t } = useTranslation();
  const [hints, setHints] = useState<SimilarOpinion[]>([]);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = "";
    let controller: AbortController | undefined;
    const ask = async () => {
      const data = new FormData(form);
      const params = new URLSearchParams({ draft: String(draftId), article: String(data.get("article") ?? ""), text: String(data.get("opinion") ?? "").slice(0, 2000) });
      if (params.toString() === asked) return;
      asked = params.toString();
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/collect/similar?${params}`, { headers: { Accept: "application/json" }, signal: controller.signal });
        if (response.ok) setHints(((await response.json()) as { hints: SimilarOpinion[] }).hints);
      } catch {
        // Offline or interrupted: no hint this time.
      }
    };
    const onInput = (event: globalThis.Event) => {
      const name = (event.target as HTMLInputElement | null)?.name;
      if (name !== "opinion" && name !== "article") return;
      clearTimeout(timer);
      timer = setTimeout(() => void ask(), 800);
    };
    form.addEventListener("input", onInput);
    form.addEventListener("change", onInput);
    return () => {
      clearTimeout(timer);
      controller?.abort();
      form.removeEventListener("input", onInput);
      form.removeEventListener("change", onInput);
    };
  }, [draftId, formId]);
  return <div aria-live="polite"><SimilarOpinions hints={hints} heading={t("collect:similar.heading")} /></div>;
}
