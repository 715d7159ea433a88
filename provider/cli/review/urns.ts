/** Names and kinds read from URNs and type tokens. */

import { TYPE_TOKEN_PREFIX } from "../../model/kinds";

/** The resource's name: the last part of its URN. */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The resource's type token, without the types of its parents. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const type = parts[parts.length - 2] ?? "";
  return type.slice(type.lastIndexOf("$") + 1);
}

/**
 * `Policy`, `PublicAccess`, ... for this package's type tokens; any other type as it is. Unlike
 * `kindOfTypeToken`, a token with this package's prefix always gives its suffix, a kind or not.
 */
export function kindOfType(type: string): string {
  return type.startsWith(TYPE_TOKEN_PREFIX) ? type.slice(TYPE_TOKEN_PREFIX.length) : type;
}

/** The kind (see `kindOfType`) of the resource a URN names. */
export function kindOfUrn(urn: string): string {
  return kindOfType(typeOfUrn(urn));
}
