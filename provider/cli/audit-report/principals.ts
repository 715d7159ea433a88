/** The principals of an instance for the report: what each can reach, and every path to admin. */

import { principalsOf } from "../../model/access";
import { factsOf, type InstanceModel } from "../../model/instance";
import { compareText } from "../../model/order";
import type { AuditPrincipal } from "./types";

const KIND_RANK: Record<AuditPrincipal["kind"], number> = { public: 0, registration: 1, role: 2, user: 3 };

/** Public first, then self-registration, roles and users, each by label (then id): one instance, one order. */
function byKindThenLabel(a: AuditPrincipal, b: AuditPrincipal): number {
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || compareText(a.label, b.label) || compareText(a.id, b.id);
}

export function auditPrincipals(model: InstanceModel): AuditPrincipal[] {
  return principalsOf(factsOf(model))
    .map(
      (access): AuditPrincipal => ({
        kind: access.principal.kind,
        id: access.principal.id,
        label: access.principal.label,
        policies: access.policies.map((p) => ({ id: p.id, name: p.name, via: p.via })),
        appAccess: access.appAccess,
        admin: access.policies.some((p) => p.adminAccess) ? "holds" : access.adminPaths.length > 0 ? "escalates" : "no",
        adminPaths: access.adminPaths,
      }),
    )
    .sort(byKindThenLabel);
}

const ADMIN_TEXT: Record<AuditPrincipal["admin"], string> = {
  holds: "holds admin access",
  escalates: "can make itself admin",
  no: "no admin access",
};

/** `Content, Flow editors (via parent role "Staff")`, or `none`. */
export function policiesText(principal: AuditPrincipal): string {
  if (principal.policies.length === 0) return "none";
  return principal.policies.map((p) => `${p.name}${p.via.length > 0 ? ` (via ${p.via.join(" -> ")})` : ""}`).join(", ");
}

/** One line about the principal: its policies, app access and admin reach. */
export function principalSummary(principal: AuditPrincipal): string {
  const app = principal.appAccess ? "app access" : "no app access";
  return `${principal.label}: policies ${policiesText(principal)}; ${app}; ${ADMIN_TEXT[principal.admin]}`;
}
