// The built-in registry against the shared repository suite, on PGlite and (with DATABASE_URL) PostgreSQL.
import { getDatabase } from "@/db";
import { tenants } from "@/db/schema";
import { BuiltinRepository } from "@/lib/repository/builtin-repository";
import { describeRepository } from "@/lib/repository/repository-contract";
import type { Repository } from "@/lib/repository/repository";
import { databaseTargets, startHarness } from "@/tests/harness";

for (const target of databaseTargets()) {
  describeRepository(`builtin (${target})`, async () => {
    const harness = await startHarness(target, {}, { worker: false });
    const builtin = new BuiltinRepository();
    // The suite invents tenants; here a tenant is a row its models refer to, so it is made on first use.
    const repository: Repository = Object.assign(Object.create(builtin) as BuiltinRepository, {
      async ensureModel(tenant: string, name: string, options?: { description?: string; tags?: Record<string, string> }) {
        await getDatabase().insert(tenants).values({ name: tenant, displayName: tenant, createdBy: "test" }).onConflictDoNothing();
        return builtin.ensureModel(tenant, name, options);
      },
    });
    return { repository, close: () => harness.stop() };
  });
}
