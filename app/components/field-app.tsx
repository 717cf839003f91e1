// The field app around every page of a signed-in informant or liaison: registers the
// service worker (public/sw.js) that keeps the collection pages on the phone, sends the
// outbox whenever the page loads or the connection returns, and tells the header how many
// opinions wait. Without JavaScript none of this runs and the forms post as always.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { FIELD_ROLES, type Role } from "~/domain/vocabulary";
import { forgetSent, listOutbox, onOutboxChanged } from "./outbox-store";
import { requestBackgroundSync, sendOutbox, type SendOutcome } from "./outbox-sender";

type FieldUser = { username: string; role: Role } | null;

type FieldAppState = {
  /** Signed in as someone who records opinions (the field app is theirs). */
  active: boolean;
  username: string | null;
  /** Opinions of this user on the phone not yet accepted by the server (waiting or refused). */
  unsent: number;
  /** What the last attempt to send ran into. */
  stopped: SendOutcome["stopped"];
  online: boolean;
  sending: boolean;
  sendNow: () => Promise<void>;
};

const FieldAppContext = createContext<FieldAppState>({
  active: false, username: null, unsent: 0, stopped: null, online: true, sending: false, sendNow: async () => {},
});

export const useFieldApp = () => useContext(FieldAppContext);

const CACHE_PREFIX = "zt-";

export function FieldApp({ user, children }: { user: FieldUser; children: React.ReactNode }) {
  const active = Boolean(user && (FIELD_ROLES as readonly Role[]).includes(user.role));
  const username = user?.username ?? null;
  const [unsent, setUnsent] = useState(0);
  const [stopped, setStopped] = useState<SendOutcome["stopped"]>(null);
  const [online, setOnline] = useState(true);
  const [sending, setSending] = useState(false);

  const count = useCallback(async () => {
    if (!username) return setUnsent(0);
    try {
      setUnsent((await listOutbox()).filter((e) => e.username === username && e.state !== "sent").length);
    } catch {
      setUnsent(0);
    }
  }, [username]);

  const sendNow = useCallback(async () => {
    if (!active || !username) return;
    if (!navigator.onLine) return setStopped("offline");
    setSending(true);
    try {
      const outcome = await sendOutbox(username);
      setStopped(outcome.stopped);
      if (outcome.stopped === "offline") void requestBackgroundSync();
    } catch {
      setStopped("offline");
    } finally {
      setSending(false);
      void count();
    }
  }, [active, username, count]);

  useEffect(() => {
    if (!active || !("serviceWorker" in navigator)) return;
    let cancelled = false;
    void navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // Whenever online, the pages kept for the field are fetched afresh.
        if (!cancelled && navigator.onLine) registration.active?.postMessage({ type: "refresh" });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [active]);

  useEffect(() => {
    if (!username) return;
    setOnline(navigator.onLine);
    void count();
    if (active) void sendNow();
    const back = () => {
      setOnline(true);
      void sendNow();
      void navigator.serviceWorker?.ready.then((r) => r.active?.postMessage({ type: "refresh" }));
    };
    const gone = () => setOnline(false);
    window.addEventListener("online", back);
    window.addEventListener("offline", gone);
    const stop = onOutboxChanged(() => void count());
    return () => {
      window.removeEventListener("online", back);
      window.removeEventListener("offline", gone);
      stop();
    };
  }, [active, username, count, sendNow]);

  const state = useMemo(() => ({ active, username, unsent, stopped, online, sending, sendNow }), [active, username, unsent, stopped, online, sending, sendNow]);
  return <FieldAppContext.Provider value={state}>{children}</FieldAppContext.Provider>;
}

/** The header's count of opinions waiting on the phone, linking to them. */
export function OutboxBadge() {
  const { t } = useTranslation();
  const { active, unsent } = useFieldApp();
  if (!active || unsent === 0) return null;
  return (
    <a href="/collect/outbox" className="outbox-badge" aria-label={t("collect:outbox.badgeLabel", { count: unsent })} data-testid="outbox-badge">
      {t("collect:outbox.badge", { count: unsent })}
    </a>
  );
}

/**
 * Signing out on the phone: a warning when opinions have not been sent (they stay on the
 * phone for the next sign-in), then the sent entries and the kept pages are cleared.
 */
export function useSignOutGuard() {
  const { t } = useTranslation();
  const { active, username } = useFieldApp();
  return useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      if (!active || !username) return;
      event.preventDefault();
      const form = event.currentTarget;
      void (async () => {
        let unsent = 0;
        try {
          unsent = (await listOutbox()).filter((e) => e.username === username && e.state !== "sent").length;
        } catch {
          // No outbox on this browser: nothing to warn about.
        }
        if (unsent > 0 && !window.confirm(t("collect:outbox.signOutWarning", { count: unsent }))) return;
        await clearFieldData();
        form.submit();
      })();
    },
    [active, username, t],
  );
}

async function clearFieldData() {
  try {
    await forgetSent();
  } catch {
    // The outbox cannot be opened: there is nothing sent in it to clear either.
  }
  if ("caches" in window) {
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  }
}
