import { useEffect, useState } from "react";

/** True once the page runs in a browser with JavaScript: controls that need it are shown only then. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** A box that ticks or clears every box named `name` in its form; without JavaScript it is not shown. */
export function SelectAll({ name, label }: { name: string; label: string }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <input
      type="checkbox"
      aria-label={label}
      onChange={(e) => {
        const form = e.currentTarget.form;
        if (!form) return;
        for (const box of form.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name="${name}"]`)) if (!box.disabled) box.checked = e.currentTarget.checked;
      }}
    />
  );
}
