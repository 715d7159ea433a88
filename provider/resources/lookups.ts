import * as pulumi from "@pulumi/pulumi";
import type { DirectusClient } from "../client/directus-client";
import { compareText } from "../model/order";
import { liveClient } from "../plan/live";
import type { ConnectionArgs } from "./common-args";

export interface PolicyFilter {
  /** Only policies with (true) or without (false) admin access. */
  adminAccess?: boolean;
  /** Only policies with exactly this name. */
  name?: string;
}

/**
 * Ids of existing policies on the instance (sorted by name), e.g. to adopt the Administrator policy
 * Directus created at install: `adoptId: findPolicyIds({ adminAccess: true }).apply((ids) => ids[0])`.
 * Reads `directus:url`/`directus:token` (or `connection`) like the resources do; known at preview.
 */
export function findPolicyIds(filter: PolicyFilter, connection?: ConnectionArgs): pulumi.Output<string[]> {
  const ids = pulumi.all([connection?.url, connection?.token]).apply(async ([url, token]) => {
    // The program's own client: the same settings, and the same resolution, as the judgement's.
    const client = await liveClient(connection === undefined ? undefined : { url, token });
    let policies: Awaited<ReturnType<DirectusClient["listPolicies"]>>;
    try {
      await client.assertAdministrator();
      policies = await client.listPolicies();
    } catch (error) {
      // Said once and clearly; the judgement refuses the program (nothing is written) and says it again.
      await pulumi.log.error(`findPolicyIds: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
    return policies
      .filter((p) => filter.adminAccess === undefined || (p.admin_access ?? false) === filter.adminAccess)
      .filter((p) => filter.name === undefined || p.name === filter.name)
      .sort((a, b) => compareText(a.name, b.name))
      .map((p) => p.id);
  });
  // Policy ids are not secret, even though the token that read them is.
  return pulumi.unsecret(ids);
}
