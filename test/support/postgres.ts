/** The real PostgreSQL of the machine, with one schema per test run so parallel runs never collide. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** Environment for startTestServer / loadConfig. */
  env: { DATABASE_URL: string; DATABASE_SCHEMA: string };
  name: string;
  drop(): Promise<void>;
}

export function testSchema(): TestSchema {
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    name,
    env: { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: name },
    drop: async () => {
      await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`));
    },
  };
}

export async function withClient<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
