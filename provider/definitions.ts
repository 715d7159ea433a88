import type { AnyDefinition } from "./resources/framework";
import { permissionDefinition } from "./resources/permission";
import { policyDefinition } from "./resources/policy";
import { policyAttachmentDefinition } from "./resources/policy-attachment";
import { publicAccessDefinition } from "./resources/public-access";
import { roleDefinition } from "./resources/role";
import { securitySettingsDefinition } from "./resources/security-settings";
import { serviceAccountDefinition } from "./resources/service-account";

/** Every resource kind this package provides, by type name (`pulumi-nodejs:dynamic/directus:<kind>`). */
export const DEFINITIONS: Readonly<Record<string, AnyDefinition>> = Object.fromEntries(
  [
    roleDefinition,
    policyDefinition,
    permissionDefinition,
    policyAttachmentDefinition,
    publicAccessDefinition,
    serviceAccountDefinition,
    securitySettingsDefinition,
  ].map((definition) => [definition.kind, definition]),
);
