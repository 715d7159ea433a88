import { type EscalationPath, type PrincipalAccess, principalsOf } from "../model/access";
import { combinedEscalations, type Escalation, escalationsOf } from "../model/escalation";
import { permissionsOf, policyById } from "./helpers";
import type { PermissionFacts, RuleContext, RuleHit, SecurityRule, Subject } from "./types";

/** Who holds the permissions: the first step of every path. */
function holderOf(subject: Subject, context: RuleContext): string {
  if (subject.kind === "PublicAccess") return "the public";
  if (subject.kind === "Policy") return `policy "${subject.inputs.name}"`;
  if (subject.kind === "Permission") {
    const name = policyById(context.facts, subject.inputs.policy)?.name;
    return name === undefined ? `policy ${subject.inputs.policy}` : `policy "${name}"`;
  }
  return subject.kind;
}

/**
 * Paths that need several permissions of one policy together. A standalone Permission is judged with
 * the other rows the program plans for its policy, and reported when it is one of the rows the path
 * goes through.
 */
function combinedPaths(
  subject: Subject,
  granted: readonly { permission: PermissionFacts; property: string }[],
  context: RuleContext,
  holder: string,
): { property: string; message: string }[] {
  if (subject.kind !== "Permission") {
    return combinedEscalations(granted.map((g) => g.permission)).map(({ escalation, through }) => ({
      property: granted.find((g) => g.permission === through[through.length - 1])?.property ?? "permissions",
      message: pathOf(holder, escalation),
    }));
  }
  const own = granted[0];
  if (!own) return [];
  const siblings = (context.facts?.plannedPermissions ?? [])
    .filter((p) => p.policy === subject.inputs.policy && !sameRow(p.permission, own.permission))
    .map((p) => p.permission);
  return combinedEscalations([own.permission, ...siblings])
    .filter(({ through }) => through.some((p) => p === own.permission))
    .map(({ escalation }) => ({ property: own.property, message: pathOf(holder, escalation) }));
}

/** The policy a subject declares rows of or links, in the planned end state. */
function policyOfSubject(subject: Subject, context: RuleContext): string | undefined {
  switch (subject.kind) {
    case "Policy":
      return subject.inputs.adoptId ?? context.subjectId;
    case "Permission":
    case "PublicAccess":
    case "PolicyAttachment":
      return subject.inputs.policy;
    default:
      return undefined;
  }
}

/** Where on the subject a path through `path.through` shows: the row's property, or the link's policy. */
function propertyOn(subject: Subject, path: EscalationPath, policy: string): string | undefined {
  if (subject.kind === "PolicyAttachment") return "policy";
  const rows = path.through.filter((row) => row.policy === policy);
  const own = permissionsOf(subject).find(({ permission }) => rows.some((row) => sameRow(row.permission, permission)));
  return own?.property;
}

/** Whether the subject plays a part for this principal: a link only when it links the principal (or a role it inherits). */
function linksTo(subject: Subject, access: PrincipalAccess): boolean {
  if (subject.kind !== "PolicyAttachment") return true;
  const { role, user } = subject.inputs;
  return user === access.principal.id || (role !== undefined && access.roles.includes(role));
}

/**
 * Paths that only a principal completes: rows of two policies that one role, user, the public or a
 * self-registered user holds together (e.g. flows from one policy, operations from another). Reported
 * on every resource of the path: the policies' rows and the links that bring them together. A path a
 * principal inherits whole is reported at the role it comes from.
 */
function principalPaths(subject: Subject, context: RuleContext): RuleHit[] {
  const facts = context.facts;
  const policy = policyOfSubject(subject, context);
  if (!facts?.permissions || policy === undefined) return [];
  const hits = principalsOf(facts).flatMap((access) =>
    access.escalations
      .filter((path) => !path.inherited && new Set(path.through.map((row) => row.policy)).size > 1)
      .filter((path) => path.through.some((row) => row.policy === policy) && linksTo(subject, access))
      .flatMap((path) => {
        const property = propertyOn(subject, path, policy);
        return property === undefined ? [] : [{ property, message: path.path }];
      }),
  );
  return hits.filter((hit, i) => hits.findIndex((h) => h.message === hit.message) === i);
}

function sameRow(a: PermissionFacts, b: PermissionFacts): boolean {
  return a.collection === b.collection && a.action === b.action;
}

function pathOf(holder: string, escalation: Escalation): string {
  return `${holder} -> ${escalation.step} -> ${escalation.leadsTo}`;
}

export const privilegeEscalation: SecurityRule = {
  id: "DSEC-006",
  name: "privilege-escalation",
  severity: "error",
  rationale:
    "A principal without admin access that can edit roles, policies, permissions, access links or settings, set a user's role, sign in as another user (their password, email or token), or write flows and their operations - through one policy or several it holds together - can make itself admin.",
  remediation:
    'Remove create/update/delete on directus_roles, directus_policies, directus_permissions, directus_access and directus_settings; never grant `role` on directus_users (not even with a $CURRENT_USER filter); limit other directus_users updates to the user\'s own row with filter { id: { _eq: "$CURRENT_USER" } }; leave flows and operations to administrators.',
  needsFacts: true,
  exemptible: true,
  grantsAccess: true,
  appliesTo: ["Policy", "Permission", "PublicAccess", "PolicyAttachment"],
  evaluate(subject, context) {
    if (subject.kind === "Policy" && subject.inputs.adminAccess) return [];
    if (subject.kind === "Permission" && policyById(context.facts, subject.inputs.policy)?.adminAccess) return [];
    if (subject.kind === "PolicyAttachment") return principalPaths(subject, context);
    const holder = holderOf(subject, context);
    const granted = permissionsOf(subject);
    const single = granted.flatMap(({ permission, property }) =>
      escalationsOf(permission).map((escalation) => ({ property, message: pathOf(holder, escalation) })),
    );
    return [...single, ...combinedPaths(subject, granted, context, holder), ...principalPaths(subject, context)];
  },
  examples: {
    good: [
      {
        title: "users may edit their own name",
        subject: {
          kind: "Policy",
          inputs: {
            name: "Self service",
            adminAccess: false,
            appAccess: true,
            enforceTfa: true,
            permissions: [
              {
                collection: "directus_users",
                action: "update",
                fields: ["first_name", "email"],
                filter: { id: { _eq: "$CURRENT_USER" } },
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
    ],
    bad: [
      {
        title: "onboarding staff may create users with any role",
        subject: {
          kind: "Policy",
          inputs: {
            name: "User onboarding",
            adminAccess: false,
            permissions: [
              {
                collection: "directus_users",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
      {
        title: "editors may change roles of users",
        subject: {
          kind: "Policy",
          inputs: {
            name: "Editors",
            adminAccess: false,
            appAccess: true,
            enforceTfa: true,
            permissions: [
              {
                collection: "directus_users",
                action: "update",
                fields: ["role"],
                filter: null,
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
      {
        title: "automation staff may build flows and their operations",
        subject: {
          kind: "Policy",
          inputs: {
            name: "Automation",
            adminAccess: false,
            permissions: [
              {
                collection: "directus_flows",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
              {
                collection: "directus_operations",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            ],
          },
        },
      },
      {
        title: "a link that gives a role flows from one policy and operations from another",
        subject: { kind: "PolicyAttachment", inputs: { policy: "ops", role: "automation" } },
        facts: {
          roles: [{ id: "automation", parent: null, name: "Automation" }],
          policies: [
            { id: "flows", name: "Flow editors", adminAccess: false, appAccess: true, enforceTfa: true },
            { id: "ops", name: "Operation editors", adminAccess: false, appAccess: true, enforceTfa: true },
          ],
          access: [
            { id: "a1", role: "automation", user: null, policy: "flows" },
            { id: "a2", role: "automation", user: null, policy: "ops" },
          ],
          permissions: [
            {
              policy: "flows",
              permission: {
                collection: "directus_flows",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            },
            {
              policy: "ops",
              permission: {
                collection: "directus_operations",
                action: "create",
                fields: ["*"],
                filter: null,
                validation: null,
                presets: null,
              },
            },
          ],
        },
      },
      {
        title: "a policy that may write permissions",
        subject: {
          kind: "Permission",
          inputs: {
            policy: "p",
            collection: "directus_permissions",
            action: "create",
            fields: ["*"],
            filter: null,
            validation: null,
            presets: null,
          },
        },
      },
    ],
  },
};
