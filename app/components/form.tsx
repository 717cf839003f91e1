import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

// Form fields that carry their label, hint and errors, wired for screen readers.
type FieldProps = {
  name: string;
  /** The element's id when the page has more than one field of this name (default: the name). */
  id?: string;
  label: string;
  errors?: string[];
  hint?: string;
};

function describedBy(name: string, hint?: string, errors?: string[]) {
  return [hint ? `${name}-hint` : null, errors?.length ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

export function FieldMessages({ name, hint, errors }: Pick<FieldProps, "name" | "hint" | "errors">) {
  const { t } = useTranslation();
  return (
    <>
      {hint ? <p id={`${name}-hint`} className="hint">{hint}</p> : null}
      {errors?.length ? (
        <p id={`${name}-error`} className="field-error">
          {errors.map((e) => t(e)).join(" ")}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  name, id = name, label, errors, hint, ...input
}: FieldProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="text" aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...input} />
      <FieldMessages name={id} hint={hint} errors={errors} />
    </div>
  );
}

export function TextAreaField({
  name, id = name, label, errors, hint, ...input
}: FieldProps & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...input} />
      <FieldMessages name={id} hint={hint} errors={errors} />
    </div>
  );
}

export function SelectField({
  name, id = name, label, errors, hint, options, ...select
}: FieldProps & { options: { value: string; label: string }[] } & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <FieldMessages name={id} hint={hint} errors={errors} />
    </div>
  );
}

/**
 * What an action did ("3 opinions marked"), or why it did nothing, as a message that
 * takes the focus (and so scrolls into view) each time a new result arrives: with
 * JavaScript the page does not reload, and the message must be where the eyes are.
 * `result` is the action's answer; a new answer is a new message.
 */
export function ResultMessage({ result, tone = "status", children }: { result: unknown; tone?: "status" | "alert"; children: React.ReactNode }) {
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result) message.current?.focus();
  }, [result]);
  return (
    <p ref={message} tabIndex={-1} className={tone === "status" ? "notice" : "field-error"} role={tone}>
      {children}
    </p>
  );
}

/**
 * The errors of a rejected form, listed at its top with links to the fields. With
 * JavaScript the page does not reload, so the summary takes the focus (and scrolls
 * into view) each time a submit comes back rejected: the user sees what to fix.
 */
export function ErrorSummary({ errors, labels, params }: { errors?: Record<string, string[]>; labels: Record<string, string>; params?: Record<string, unknown> }) {
  const { t } = useTranslation();
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors && Object.keys(errors).length) summary.current?.focus();
  }, [errors]);
  if (!errors || !Object.keys(errors).length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={summary}>
      <h2>{t("validation.summary")}</h2>
      <ul>
        {Object.entries(errors).map(([field, messages]) => (
          <li key={field}>
            {field === "_form" ? messages.map((m) => t(m, params)).join(" ") : <a href={`#${field}`}>{labels[field] ?? field}: {messages.map((m) => t(m, params)).join(" ")}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CheckboxField({
  name, id = name, label, errors, hint, ...input
}: FieldProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "type" | "id">) {
  return (
    <div className="field checkbox">
      <input id={id} name={name} type="checkbox" aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...input} />
      <label htmlFor={id}>{label}</label>
      <FieldMessages name={id} hint={hint} errors={errors} />
    </div>
  );
}

/** A key that changes with every new action answer: keyed inputs (passwords) start empty again. */
export function useResetKey(result: unknown): number {
  const last = useRef<{ result: unknown; key: number }>({ result, key: 0 });
  if (last.current.result !== result) last.current = { result, key: last.current.key + 1 };
  return last.current.key;
}
