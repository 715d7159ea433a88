import { combinedEscalations, type Escalation, escalationsOf } from "../model/escalation";
import { permissionsOf, policyById } from "./helpers";
import type { PermissionFacts, RuleContext, SecurityRule, Subject } from "./types";

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
    "A non-admin policy that can edit roles, policies, permissions, access links, settings or users' power fields, create users with them, or write flows and their operations, can make itself admin.",
  remediation:
    'Remove create/update/delete on directus_roles, directus_policies, directus_permissions, directus_access and directus_settings; limit directus_users updates to harmless fields with filter { id: { _eq: "$CURRENT_USER" } }, user creation to fields without role, policies, token and status, and leave flows and operations to administrators.',
  needsFacts: true,
  exemptible: true,
  grantsAccess: true,
  appliesTo: ["Policy", "Permission", "PublicAccess"],
  evaluate(subject, context) {
    if (subject.kind === "Policy" && subject.inputs.adminAccess) return [];
    if (subject.kind === "Permission" && policyById(context.facts, subject.inputs.policy)?.adminAccess) return [];
    const holder = holderOf(subject, context);
    const granted = permissionsOf(subject);
    const single = granted.flatMap(({ permission, property }) =>
      escalationsOf(permission).map((escalation) => ({ property, message: pathOf(holder, escalation) })),
    );
    return [...single, ...combinedPaths(subject, granted, context, holder)];
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
