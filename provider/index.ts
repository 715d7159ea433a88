export { staticFindingsFor } from "./engine/static-check";
export { PERMISSION_ACTIONS, type PermissionAction, type PermissionSpec } from "./model/permissions";
export { plannedCollections } from "./plan/program";
export type { AcknowledgementArgs, ConnectionArgs } from "./resources/common-args";
export { findPolicyIds, type PolicyFilter } from "./resources/lookups";
export { Permission, type PermissionArgs } from "./resources/permission";
export { Policy, type PolicyArgs } from "./resources/policy";
export { PolicyAttachment, type PolicyAttachmentArgs } from "./resources/policy-attachment";
export { BUILT_IN_PUBLIC_POLICY_ID, PublicAccess, type PublicAccessArgs } from "./resources/public-access";
export { Role, type RoleArgs } from "./resources/role";
export {
  PASSWORD_POLICY_PRESETS,
  type PasswordPolicy,
  type PublicRegistrationArgs,
  SecuritySettings,
  type SecuritySettingsArgs,
} from "./resources/security-settings";
export { ServiceAccount, type ServiceAccountArgs } from "./resources/service-account";
export { evaluateRules, formatFinding, ruleById, SECURITY_RULES } from "./rules/registry";
export type { Finding, InstanceFacts, RuleContext, RuleLimits, SecurityRule, Subject } from "./rules/types";
