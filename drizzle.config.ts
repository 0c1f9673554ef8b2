import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate`: writes the next migration of the history store after a schema change. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/history/schema.ts',
  out: './src/store/history/migrations',
});
