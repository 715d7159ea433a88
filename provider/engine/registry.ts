import type { Kind } from "../model/kinds";
import type { AnyDefinition } from "./framework";
import { permissionDefinition } from "./kinds/permission";
import { policyDefinition } from "./kinds/policy";
import { policyAttachmentDefinition } from "./kinds/policy-attachment";
import { publicAccessDefinition } from "./kinds/public-access";
import { roleDefinition } from "./kinds/role";
import { securitySettingsDefinition } from "./kinds/security-settings";
import { serviceAccountDefinition } from "./kinds/service-account";

/** Every resource kind this package provides: what the engine does with each. */
export const DEFINITIONS: Readonly<Record<Kind, AnyDefinition>> = {
  Role: roleDefinition,
  Policy: policyDefinition,
  Permission: permissionDefinition,
  PolicyAttachment: policyAttachmentDefinition,
  PublicAccess: publicAccessDefinition,
  ServiceAccount: serviceAccountDefinition,
  SecuritySettings: securitySettingsDefinition,
};

/** The definition of a kind named by a string from outside (state, a type token), if it is one. */
export function definitionOf(kind: string): AnyDefinition | undefined {
  return Object.hasOwn(DEFINITIONS, kind) ? DEFINITIONS[kind as Kind] : undefined;
}
