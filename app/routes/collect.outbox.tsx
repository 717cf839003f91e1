import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFieldApp } from "~/components/field-app";
import { deleteFromOutbox, fieldOf, listOutbox, onOutboxChanged, type OutboxEntry } from "~/components/outbox-store";
import { useHydrated } from "~/components/select-all";
import { formatDate } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/**
 * /collect/outbox — the opinions kept on this phone: waiting to send, refused by the server
 * (with its message, to change or hand to the liaison) and sent (with their receipt codes,
 * until sign-out). `?kept=KEY` opens with the provisional slip of the opinion just kept.
 * The list lives in the phone's browser (IndexedDB), so the page needs JavaScript; the
 * service worker keeps a copy of it for when there is no signal.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "opinion");
  const { t } = await getT(request);
  return { title: t("collect:outbox.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Outbox() {
  const { title } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const field = useFieldApp();
  const [params] = useSearchParams();
  const kept = params.get("kept");
  const [entries, setEntries] = useState<OutboxEntry[] | null>(null);

  const load = useCallback(() => {
    void listOutbox().then(setEntries, () => setEntries([]));
  }, []);
  useEffect(() => {
    load();
    return onOutboxChanged(load);
  }, [load]);

  const mine = (entries ?? []).filter((e) => e.username === field.username);
  const others = (entries ?? []).filter((e) => e.username !== field.username && e.state !== "sent");
  const unsent = mine.filter((e) => e.state !== "sent");
  const sent = mine.filter((e) => e.state === "sent");
  const keptEntry = kept ? mine.find((e) => e.key === kept) : undefined;

  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>{t("collect:outbox.lead")}</p>
      <noscript><p className="notice warn">{t("collect:outbox.needsJs")}</p></noscript>
      {keptEntry && keptEntry.state === "waiting" ? <ProvisionalSlip entry={keptEntry} /> : null}
      {hydrated && !field.online ? <p className="notice warn" role="status">{t("collect:outbox.offline")}</p> : null}
      {field.stopped === "signedOut" && unsent.length ? (
        <p className="notice error" role="alert">
          {t("collect:outbox.signInAgain")} <a href="/login?redirectTo=%2Fcollect%2Foutbox">{t("collect:outbox.signInLink")}</a>
        </p>
      ) : null}
      {entries === null ? null : unsent.length === 0 ? (
        <p data-testid="outbox-empty">{t("collect:outbox.empty")}</p>
      ) : (
        <>
          <p>
            <button type="button" className="primary" onClick={() => void field.sendNow()} disabled={field.sending}>
              {field.sending ? t("collect:outbox.sending") : t("collect:outbox.sendNow")}
            </button>
          </p>
          <ul className="outbox-list" data-testid="outbox-waiting">
            {unsent.map((entry) => <OutboxItem key={entry.key} entry={entry} editable />)}
          </ul>
        </>
      )}
      {others.length ? (
        <section aria-labelledby="others-title">
          <h2 id="others-title">{t("collect:outbox.otherUser", { username: others[0].username })}</h2>
          <ul className="outbox-list">
            {others.map((entry) => <OutboxItem key={entry.key} entry={entry} editable={false} />)}
          </ul>
        </section>
      ) : null}
      {sent.length ? (
        <section aria-labelledby="sent-title">
          <h2 id="sent-title">{t("collect:outbox.sent")}</h2>
          <p className="hint">{t("collect:outbox.sentNote")}</p>
          <ul className="outbox-list" data-testid="outbox-sent">
            {sent.map((entry) => <OutboxItem key={entry.key} entry={entry} editable={false} />)}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function OutboxItem({ entry, editable }: { entry: OutboxEntry; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const collectedOn = fieldOf(entry, "collectedOn");
  const remove = () => {
    if (window.confirm(t("collect:outbox.confirmDelete"))) void deleteFromOutbox(entry.key);
  };
  const stateLabel = entry.state === "waiting" ? t("collect:outbox.waiting") : entry.state === "refused" ? t("collect:outbox.refused") : t("collect:outbox.sent");
  return (
    <li className={`outbox-item ${entry.state}`} data-key={entry.key} data-state={entry.state}>
      <p>
        <span className={`badge ${entry.state === "sent" ? "ok" : "warn"}`}>{stateLabel}</span>{" "}
        {entry.receiptCode ? (
          <>
            {t("collect:outbox.sentCode")} <strong className="receipt" data-testid="outbox-receipt">{entry.receiptCode}</strong>
          </>
        ) : null}
      </p>
      <p><strong>{entry.draftTitle}</strong></p>
      <p className="outbox-opinion">{fieldOf(entry, "opinion")}</p>
      {collectedOn ? <p className="hint">{t("collect:outbox.collectedOn")}: {formatDate(collectedOn, i18n.language)}</p> : null}
      {entry.state === "refused" ? (
        <p className="notice error" data-testid="outbox-refusal">{entry.message} {t("collect:outbox.refusedHint")}</p>
      ) : null}
      {editable ? (
        <div className="outbox-actions">
          <a className="button secondary" href={`/collect/new?draft=${entry.draftId}&outbox=${encodeURIComponent(entry.key)}`}>{t("collect:outbox.edit")}</a>
          <button type="button" className="secondary" onClick={remove}>{t("collect:outbox.delete")}</button>
        </div>
      ) : null}
    </li>
  );
}

/** What the resident is handed when there is no signal: no receipt code yet, and why. */
function ProvisionalSlip({ entry }: { entry: OutboxEntry }) {
  const { t, i18n } = useTranslation();
  const collectedOn = fieldOf(entry, "collectedOn");
  return (
    <section className="provisional-slip" aria-labelledby="provisional-title" data-testid="provisional-slip">
      <h2 id="provisional-title">{t("collect:outbox.provisionalTitle")}</h2>
      <p role="status">{t("collect:outbox.savedOffline")}</p>
      <p>{t("collect:outbox.provisionalText")}</p>
      <dl>
        <dt>{t("collect:outbox.draft")}</dt>
        <dd>{entry.draftTitle}</dd>
        {collectedOn ? (
          <>
            <dt>{t("collect:outbox.collectedOn")}</dt>
            <dd>{formatDate(collectedOn, i18n.language)}</dd>
          </>
        ) : null}
        <dt>{t("collect:outbox.reference")}</dt>
        <dd className="receipt">{entry.key.slice(0, 8).toUpperCase()}</dd>
      </dl>
      <p><strong>{t("collect:outbox.provisionalCode")}</strong></p>
      <p className="outbox-actions no-print">
        <a className="button" href={`/collect/new?draft=${entry.draftId}`}>{t("collect:outbox.recordAnother")}</a>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
