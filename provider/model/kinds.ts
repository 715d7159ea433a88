/**
 * The resource kinds this package provides. Per-kind tables are `Record<Kind, ...>`, so adding a kind
 * is a compile error until every table handles it.
 */
export const KINDS = [
  "Role",
  "Policy",
  "Permission",
  "PolicyAttachment",
  "PublicAccess",
  "ServiceAccount",
  "SecuritySettings",
] as const;

export type Kind = (typeof KINDS)[number];

/** Pulumi's type token of a dynamic resource of this package is this prefix plus the kind. */
export const TYPE_TOKEN_PREFIX = "pulumi-nodejs:dynamic/directus:";

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

export function typeTokenOf(kind: Kind): string {
  return `${TYPE_TOKEN_PREFIX}${kind}`;
}

/** The kind of a type token of this package, or undefined for any other type. */
export function kindOfTypeToken(type: string): Kind | undefined {
  if (!type.startsWith(TYPE_TOKEN_PREFIX)) return undefined;
  const kind = type.slice(TYPE_TOKEN_PREFIX.length);
  return isKind(kind) ? kind : undefined;
}
