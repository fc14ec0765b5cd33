/** Organizations: the tenant every other row belongs to. */
import type { Queryable } from './queryable';

export const plans = ['free', 'starter', 'professional', 'enterprise'] as const;
export type Plan = (typeof plans)[number];

export interface OrganizationRow {
  id: string;
  name: string;
  plan: Plan;
  settings: Record<string, unknown>;
}

/** Creates the organization on first use; an existing one is left as it is. */
export async function ensureOrganization(
  db: Queryable,
  id: string,
  plan: Plan = 'starter',
): Promise<void> {
  await db.query(
    `insert into organizations (id, plan) values ($1::text, $2::text) on conflict (id) do nothing`,
    [id, plan],
  );
}

export async function getOrganization(
  db: Queryable,
  id: string,
): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    `select id, name, plan, settings from organizations where id = $1::text`,
    [id],
  );
  return rows[0];
}
