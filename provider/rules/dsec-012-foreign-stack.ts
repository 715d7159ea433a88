import type { RuleContext, SecurityRule, Subject } from "./types";

/** The shared objects a subject takes over, each with the property that names it. */
export function sharedObjectsOf(subject: Subject): { key: string; property: string }[] {
  switch (subject.kind) {
    case "Policy":
      return subject.inputs.adoptId
        ? [{ key: `directus_policies:${subject.inputs.adoptId}`, property: "adoptId" }]
        : [];
    case "Role":
      return subject.inputs.adoptId ? [{ key: `directus_roles:${subject.inputs.adoptId}`, property: "adoptId" }] : [];
    case "SecuritySettings":
      return [{ key: "directus_settings:1", property: "(resource)" }];
    case "PublicAccess":
      return [{ key: `public:${subject.inputs.policy}`, property: "policy" }];
    default:
      return [];
  }
}

const OBJECT_NAMES: Record<string, string> = {
  directus_policies: "policy",
  directus_roles: "role",
  directus_settings: "the security settings",
  public: "the public access of policy",
};

/** `directus_policies:<id>` as "policy <id>", `directus_settings:1` as "the security settings". */
function describeObject(key: string): string {
  const [kind = "", id = ""] = key.split(":");
  if (kind === "directus_settings") return OBJECT_NAMES[kind] ?? kind;
  return `${OBJECT_NAMES[kind] ?? kind} ${id}`;
}

function otherWriters(key: string, context: RuleContext): string[] {
  return (context.facts?.writers?.[key] ?? []).filter((stack) => stack !== context.stackKey);
}

export const foreignStack: SecurityRule = {
  id: "DSEC-012",
  name: "foreign-stack",
  severity: "error",
  rationale:
    "Two stacks managing one object overwrite each other on every up, and what one stack's program leaves out the other's removes - access changes nobody reviewed.",
  remediation:
    "Manage each shared object (an adopted role or policy, the security settings, a policy's public access) from one stack only; if the other stack no longer manages it, acknowledge DSEC-012 saying so.",
  needsFacts: true,
  exemptible: true,
  appliesTo: ["Policy", "Role", "SecuritySettings", "PublicAccess"],
  watches: sharedObjectsOf,
  evaluate(subject, context) {
    return sharedObjectsOf(subject).flatMap(({ key, property }) => {
      const others = otherWriters(key, context);
      if (others.length === 0) return [];
      return [
        {
          property,
          message: `stack ${others.join(", ")} also manages ${describeObject(key)} (Directus' activity log holds its writes)`,
        },
      ];
    });
  },
  examples: {
    good: [
      {
        title: "settings written only by this stack",
        subject: { kind: "SecuritySettings", inputs: { loginAttempts: 5 } },
        facts: { writers: { "directus_settings:1": ["website/prod"] } },
      },
    ],
    bad: [
      {
        title: "settings another stack manages",
        subject: { kind: "SecuritySettings", inputs: { loginAttempts: 5 } },
        facts: { writers: { "directus_settings:1": ["website/prod", "intranet/prod"] } },
      },
      {
        title: "an adopted policy another stack manages",
        subject: {
          kind: "Policy",
          inputs: { name: "Administrator", adminAccess: true, appAccess: true, enforceTfa: true, adoptId: "admin" },
        },
        facts: { writers: { "directus_policies:admin": ["intranet/prod"] } },
      },
    ],
  },
};
