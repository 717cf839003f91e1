import { sql, type Kysely } from "kysely";

// Where and when a resident can be heard: a contact point's opening hours, its
// office's phone and its map position, beside the address it already has. They are
// an office's details, public on the draft and contact point pages; none is a
// person's. The position is both coordinates or neither (WGS-84 degrees). Upcoming
// collection events are listed by date across all contact points, hence the index.

const statements = [
  `ALTER TABLE contact_points ADD COLUMN opening_hours TEXT CHECK (opening_hours IS NULL OR length(opening_hours) <= 200)`,
  `ALTER TABLE contact_points ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) <= 40)`,
  `ALTER TABLE contact_points ADD COLUMN latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90)`,
  // Its check also names latitude: both or neither. (down drops it first.)
  `ALTER TABLE contact_points ADD COLUMN longitude REAL CHECK ((longitude IS NULL) = (latitude IS NULL) AND (longitude IS NULL OR longitude BETWEEN -180 AND 180))`,
  `CREATE INDEX collection_events_held_on ON collection_events(held_on)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP INDEX collection_events_held_on`).execute(db);
  for (const column of ["longitude", "latitude", "phone", "opening_hours"]) await sql.raw(`ALTER TABLE contact_points DROP COLUMN ${column}`).execute(db);
}
