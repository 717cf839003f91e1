import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ROLES } from "~/domain/vocabulary";
import { FieldMessages, SelectField, TextField } from "./form";

/** A contact point with its grids grouped by the village/community they lie in. */
export type PointOption = {
  id: number;
  name: string;
  code: string;
  communities: { id: number; name: string; street: string; grids: { id: number; name: string; code: string }[] }[];
};
type Values = { displayName?: string; role?: string; contactPointId?: string; gridIds?: string };

/**
 * Role and scope of a user, shared by the new-user and edit-user pages. The grids
 * are tick boxes, one group per village/community under each contact point; the
 * chosen contact point's group (and any holding a ticked grid) is open. It all works
 * without JavaScript; with it, choosing a contact point opens its grids. The server
 * checks that an informant's grids belong to the contact point.
 */
export function UserFields({ points, values, errors }: { points: PointOption[]; values: Values; errors?: Record<string, string[]> }) {
  const { t } = useTranslation();
  const chosenGrids = new Set((values.gridIds ?? "").split(",").filter(Boolean));
  const [pointId, setPointId] = useState(values.contactPointId ?? "");
  useEffect(() => setPointId(values.contactPointId ?? ""), [values.contactPointId]);
  const gridErrors = errors?.gridIds?.length ? errors.gridIds : undefined;
  return (
    <>
      <TextField name="displayName" label={t("admin:users.displayName")} defaultValue={values.displayName} required maxLength={60} errors={errors?.displayName} />
      <SelectField
        name="role" label={t("admin:users.role")} defaultValue={values.role} errors={errors?.role}
        options={ROLES.map((r) => ({ value: r, label: t(`account:roles.${r}`) }))}
      />
      <SelectField
        name="contactPointId" label={t("admin:users.contactPoint")} value={pointId} errors={errors?.contactPointId}
        onChange={(e) => setPointId(e.currentTarget.value)}
        options={[{ value: "", label: t("admin:users.noContactPoint") }, ...points.map((p) => ({ value: String(p.id), label: `${p.code} ${p.name}` }))]}
      />
      <fieldset
        id="gridIds" className="grid-choices" tabIndex={-1}
        aria-describedby={gridErrors ? "gridIds-hint gridIds-error" : "gridIds-hint"}
      >
        <legend>{t("admin:users.grids")}</legend>
        <FieldMessages name="gridIds" hint={t("admin:users.gridsHint")} errors={gridErrors} />
        {points.map((p) => {
          const chosenHere = p.communities.reduce((n, c) => n + c.grids.filter((g) => chosenGrids.has(String(g.id))).length, 0);
          return (
            <details key={p.id} className="grid-choices-point" open={String(p.id) === pointId || chosenHere > 0}>
              <summary>
                {p.code} {p.name}
                {chosenHere ? <span className="muted"> ({t("admin:users.gridsChosen", { count: chosenHere })})</span> : null}
              </summary>
              {p.communities.map((c) => (
                <fieldset key={c.id} className="grid-choices-community">
                  <legend>{c.street ? `${c.street} · ${c.name}` : c.name}</legend>
                  {c.grids.map((g) => (
                    <div key={g.id} className="field checkbox">
                      <input type="checkbox" id={`grid-${g.id}`} name="gridIds" value={String(g.id)} defaultChecked={chosenGrids.has(String(g.id))} />
                      <label htmlFor={`grid-${g.id}`}>{g.name}</label>
                    </div>
                  ))}
                </fieldset>
              ))}
            </details>
          );
        })}
      </fieldset>
    </>
  );
}
