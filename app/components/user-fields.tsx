import { useTranslation } from "react-i18next";
import { ROLES } from "~/domain/vocabulary";
import { FieldMessages, SelectField, TextField } from "./form";

export type PointOption = { id: number; name: string; code: string; grids: { id: number; name: string; code: string }[] };
type Values = { displayName?: string; role?: string; contactPointId?: string; gridIds?: string };

/** Role and scope of a user, shared by the new-user and edit-user pages. */
export function UserFields({ points, values, errors }: { points: PointOption[]; values: Values; errors?: Record<string, string[]> }) {
  const { t } = useTranslation();
  const chosenGrids = new Set((values.gridIds ?? "").split(",").filter(Boolean));
  return (
    <>
      <TextField name="displayName" label={t("admin:users.displayName")} defaultValue={values.displayName} required maxLength={60} errors={errors?.displayName} />
      <SelectField
        name="role" label={t("admin:users.role")} defaultValue={values.role} errors={errors?.role}
        options={ROLES.map((r) => ({ value: r, label: t(`account:roles.${r}`) }))}
      />
      <SelectField
        name="contactPointId" label={t("admin:users.contactPoint")} defaultValue={values.contactPointId} errors={errors?.contactPointId}
        options={[{ value: "", label: t("admin:users.noContactPoint") }, ...points.map((p) => ({ value: String(p.id), label: `${p.code} ${p.name}` }))]}
      />
      <div className="field">
        <label htmlFor="gridIds">{t("admin:users.grids")}</label>
        <select id="gridIds" name="gridIds" multiple size={8} defaultValue={[...chosenGrids]} aria-describedby="gridIds-hint" aria-invalid={errors?.gridIds ? true : undefined}>
          {points.map((p) => (
            <optgroup key={p.id} label={`${p.code} ${p.name}`}>
              {p.grids.map((g) => (
                <option key={g.id} value={String(g.id)}>{g.name}</option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldMessages name="gridIds" hint={t("admin:users.gridsHint")} errors={errors?.gridIds} />
      </div>
    </>
  );
}
