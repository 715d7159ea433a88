/** Readable, unique names for generated code: TypeScript identifiers and Pulumi resource names. */

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await directus pulumi".split(
    " ",
  ),
);

function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * The name a person reads: Directus stores some built-in names as translation keys (`$t:public_label`,
 * shown as "Public" in the Studio); those become their words (`public`).
 */
export function displayName(name: string): string {
  const key = /^\$t:(.+)$/.exec(name.trim())?.[1];
  if (key === undefined) return name;
  return key.replace(/_(label|name|title)$/, "").replace(/_/g, " ");
}

/** `Content Editors` + `Role` -> `contentEditorsRole`. */
export function identifierFor(name: string, suffix: string): string {
  const parts = [...words(name), ...words(suffix)];
  const [first = "item", ...rest] = parts;
  const camel = first + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  const safe = /^[0-9]/.test(camel) ? `_${camel}` : camel;
  return RESERVED.has(safe) ? `${safe}_` : safe;
}

/** `Content Editors` -> `content-editors`. */
export function resourceNameFor(name: string, fallback: string): string {
  return words(name).join("-") || fallback;
}

/** Hands out each name once: later requests for a taken name get `-2`, `-3`, ... (or `2`, `3` for identifiers). */
export class UniqueNames {
  private readonly taken = new Set<string>();

  constructor(private readonly separator: string) {}

  claim(base: string): string {
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${base}${this.separator}${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}
