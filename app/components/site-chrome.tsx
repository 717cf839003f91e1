import { Form, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "~/domain/vocabulary";
import { OutboxBadge, useSignOutGuard } from "./field-app";

type HeaderUser = { username: string; displayName: string; role: Role } | null;

const roleHome: Record<Role, { to: string; label: "nav.collect" | "nav.staff" | "nav.cppcc" | "nav.admin" }> = {
  informant: { to: "/collect", label: "nav.collect" },
  liaison: { to: "/collect", label: "nav.collect" },
  staff: { to: "/staff", label: "nav.staff" },
  cppcc: { to: "/cppcc", label: "nav.cppcc" },
  admin: { to: "/admin", label: "nav.admin" },
};

/**
 * The site's header. `hydrated`: the page runs the app's scripts; a page sent without them
 * (app/root.tsx) gets plain links, as NavLink renders them, without the router's work.
 */
export function SiteHeader({ user, hydrated }: { user: HeaderUser; hydrated: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  const menu = useRef<HTMLDetailsElement>(null);
  // A page reached from the menu opens with the menu closed.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.pathname, location.search]);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a href="/" className="brand">
          <span className="brand-name">{t("appName")}</span>
          <span className="brand-tagline">{t("appTagline")}</span>
        </a>
        {/* On a phone the navigation folds into a menu that opens without JavaScript. */}
        <details className="site-menu phone-only" ref={menu}>
          <summary>{t("nav.menu")}</summary>
          <nav aria-label={t("nav.main")} className="site-nav">
            <NavItems user={user} hydrated={hydrated} />
          </nav>
        </details>
        <OutboxBadge />
        <Form method="post" action="/language" className="language-switch">
          <input type="hidden" name="redirectTo" value={here} />
          <input type="hidden" name="lng" value={t("language.switchToLang")} />
          <button type="submit" lang={t("language.switchToLang")}>
            {t("language.switchTo")}
          </button>
        </Form>
      </div>
      <nav aria-label={t("nav.main")} className="site-nav wide-only">
        <NavItems user={user} hydrated={hydrated} />
      </nav>
    </header>
  );
}

/** A link of the navigation marked as NavLink marks it when it leads to the page shown or above it. */
function PlainNavLink({ to, end = false, children }: { to: string; end?: boolean; children: React.ReactNode }) {
  const here = useLocation().pathname.toLowerCase();
  const active = here === to || (!end && here.startsWith(`${to}/`));
  return (
    <a href={to} aria-current={active ? "page" : undefined} className={active ? "active" : ""}>
      {children}
    </a>
  );
}

function NavItems({ user, hydrated }: { user: HeaderUser; hydrated: boolean }) {
  const { t } = useTranslation();
  const guardSignOut = useSignOutGuard();
  const Link = hydrated ? NavLink : PlainNavLink;
  return (
    <ul>
      <li><Link to="/" end>{t("nav.home")}</Link></li>
      <li><Link to="/drafts">{t("nav.drafts")}</Link></li>
      <li><Link to="/tracker">{t("nav.tracker")}</Link></li>
      <li><Link to="/consultations">{t("nav.consultations")}</Link></li>
      {user ? (
        <>
          <li><Link to={roleHome[user.role].to}>{t(roleHome[user.role].label)}</Link></li>
          <li><Link to="/account">{t("nav.account")}</Link></li>
          <li>
            <Form method="post" action="/logout" onSubmit={guardSignOut}>
              <button type="submit" className="link-button">{t("nav.logout")}</button>
            </Form>
          </li>
        </>
      ) : (
        <li><Link to="/login">{t("nav.login")}</Link></li>
      )}
    </ul>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <nav aria-label={t("nav.help")}>
        <a href="/help">{t("nav.help")}</a> · <a href="/privacy">{t("nav.privacy")}</a> · <a href="/open-data">{t("nav.openData")}</a>
      </nav>
      <p>{t("footer.owner")}</p>
      <p>{t("footer.cppcc")}</p>
      <p className="muted">{t("footer.demo")}</p>
    </footer>
  );
}
