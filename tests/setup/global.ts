import type { TestProject } from "vitest/node";
import { dropDatabase, makeTemplate, testServerUrl, withAdmin } from "./postgres";

// Once per run, against PostgreSQL only: the migrated and the seeded template
// databases each test file clones (tests/setup/database.ts), dropped at the end.
declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplates: { migrated: string; seeded: string } | null;
  }
}

export default async function setup(project: TestProject) {
  const base = testServerUrl();
  if (!base) {
    project.provide("postgresTemplates", null);
    return;
  }
  const prefix = `zt_test_${process.pid}`;
  const names = { migrated: `${prefix}_migrated`, seeded: `${prefix}_seeded` };
  process.env.NODE_ENV = "test";
  await makeTemplate(base, names.migrated);
  await makeTemplate(base, names.seeded, async (url) => {
    const { openDatabase } = await import("../../db/connection");
    const { seedDistrict } = await import("../../db/seed-district");
    const { SEED_DAY } = await import("./clock");
    const db = openDatabase(url);
    try {
      await db.transaction().execute((trx) => seedDistrict(trx, { today: SEED_DAY }));
    } finally {
      await db.destroy();
    }
  });
  project.provide("postgresTemplates", names);
  return async () => {
    await withAdmin(base, async (client) => {
      for (const name of Object.values(names)) await dropDatabase(client, name);
    });
  };
}
