/**
 * A program whose access changes between two variants, to review what a pull request would change:
 *   pulumi config set variant baseline && pulumi up
 *   pulumi config set variant open && pulumi preview --json > preview.json
 *   npx pulumi-directus review --preview preview.json
 * `baseline`: a private policy that may read posts, attached to a role.
 * `open`: the baseline plus a public write (acknowledged DSEC-001) and an admin policy attached to the role.
 * `unacknowledged`: the public write without its acknowledgement, which the preview refuses.
 */
import * as pulumi from "@pulumi/pulumi";
import { Permission, Policy, PolicyAttachment, PublicAccess, Role } from "pulumi-directus";

const variant = new pulumi.Config().get("variant") ?? "baseline";
const stack = pulumi.getStack();

function baseline(): Role {
  const editors = new Role("editors", { name: `Editors (${stack})`, icon: "edit" });
  const readers = new Policy("readers", { name: `Readers (${stack})`, description: "Reads posts" });
  new Permission("readers-read-posts", { policy: readers.id, collection: "posts", action: "read" });
  new PolicyAttachment("editors-readers", { policy: readers.id, role: editors.id });
  return editors;
}

function publicWrite(acknowledged: boolean): void {
  new PublicAccess("public", {
    permissions: [{ collection: "posts", action: "create" }],
    ...(acknowledged
      ? { acknowledge: [{ rule: "DSEC-001", reason: "guest posts are moderated before they are published" }] }
      : {}),
  });
}

function adminGrant(editors: Role): void {
  const operators = new Policy("operators", {
    name: `Operators (${stack})`,
    adminAccess: true,
    appAccess: true,
    enforceTfa: true,
    acknowledge: [{ rule: "DSEC-004", reason: "a second admin policy for the on-call editors, reviewed" }],
  });
  new PolicyAttachment("editors-operators", { policy: operators.id, role: editors.id });
}

const variants: Record<string, () => void> = {
  baseline: () => baseline(),
  open: () => {
    const editors = baseline();
    publicWrite(true);
    adminGrant(editors);
  },
  unacknowledged: () => {
    baseline();
    publicWrite(false);
  },
};

const declare = variants[variant];
if (!declare) throw new Error(`unknown variant '${variant}'; one of: ${Object.keys(variants).join(", ")}`);
declare();
