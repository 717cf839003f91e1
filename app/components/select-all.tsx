import { useEffect, useState } from "react";

/** True once the page runs in a browser with JavaScript: controls that need it are shown only then. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A box that ticks or clears every enabled box named `name` of its form (`form`: the
 * id of a form whose boxes sit elsewhere on the page); without JavaScript it is not shown.
 */
export function SelectAll({ name, label, form, visible = false }: { name: string; label: string; form?: string; visible?: boolean }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  const box = (
    <input
      type="checkbox"
      form={form}
      aria-label={visible ? undefined : label}
      onChange={(e) => {
        const owner = e.currentTarget.form;
        if (!owner) return;
        for (const element of Array.from(owner.elements)) {
          if (element instanceof HTMLInputElement && element.type === "checkbox" && element.name === name && !element.disabled) element.checked = e.currentTarget.checked;
        }
      }}
    />
  );
  return visible ? <label className="field checkbox select-all">{box} {label}</label> : box;
}
