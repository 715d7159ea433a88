/** Text from an instance or a preview, made safe inside HTML. */

import { plain } from "../markdown";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an element's content or a quoted attribute; control characters become spaces. */
export function escapeHtml(text: string): string {
  return plain(text).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A fragment id made of safe characters only (the caller keeps them unique). */
export function anchorId(...parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9_-]/g, "_")).join("-");
}
