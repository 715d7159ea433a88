/** Effects of changes to single properties, shared by the kinds. */

import { z } from "zod";
import { type Effect, narrowed, other, widened } from "./effect";
import type { Props } from "./transitions";
import { equal, isUnknown, show } from "./values";

/** A value that only becomes known at apply: it may grant anything, so it counts as wider. */
export function unknownChange(property: string, before: unknown, after: unknown): Effect | undefined {
  if (!isUnknown(after) || equal(before, after)) return undefined;
  return widened(`${property}: ${show(before)} → (known after apply; review it after the change)`);
}

/**
 * A boolean input: which value grants more (`widening`) decides the direction of a change. An input
 * the program stops setting (an adopted object) is left as it is in Directus: not an access change.
 */
export function flagEffect(property: string, before: unknown, after: unknown, widening: boolean, note = ""): Effect[] {
  if (equal(before, after)) return [];
  const unknown = unknownChange(property, before, after);
  if (unknown) return [unknown];
  if (after === undefined) return [other(`${property}: ${show(before)} → no longer managed (left as it is)`)];
  const text = `${property}: ${before === undefined ? "" : `${show(before)} → `}${show(after)}${note}`;
  if (after === widening) return [widened(text)];
  if (before === widening) return [narrowed(text)];
  return [other(text)];
}

/** What a created object starts with, e.g. `policy "Editors" created`. */
export function createdAs(what: string, props: Props): Effect {
  return { ...other(`${what} ${JSON.stringify(show(props.name))} created`), headline: true };
}

/** Changes to properties that do not affect access. */
export function otherChanges(before: Props, after: Props, properties: readonly string[]): Effect[] {
  return properties
    .filter((property) => !equal(before[property], after[property]))
    .map((property) => other(`${property}: ${show(before[property])} → ${show(after[property])}`));
}

/** A rule object (filter, validation) limits what the permission allows: removing it widens. */
export function ruleEffects(prefix: string, property: string, before: unknown, after: unknown): Effect[] {
  if (equal(before, after)) return [];
  if (after === null) return [widened(`${prefix}${property} removed (was ${show(before)})`)];
  if (before === null) return [narrowed(`${prefix}${property} added: ${show(after)}`)];
  return [other(`${prefix}${property} changed: ${show(before)} → ${show(after)}`)];
}

const acknowledgementsSchema = z.array(z.object({ rule: z.string(), reason: z.string() })).catch([]);

function acknowledgementsOf(props: Props): Set<string> {
  const list = acknowledgementsSchema.parse(props.acknowledge ?? []);
  return new Set(list.map((ack) => `${ack.rule}: ${ack.reason}`));
}

/** Acknowledgements of rule findings the change adds or removes. */
export function acknowledgementChanges(before: Props, after: Props): Effect[] {
  const old = acknowledgementsOf(before);
  const now = acknowledgementsOf(after);
  return [
    ...[...now].filter((k) => !old.has(k)).map((k) => other(`acknowledges ${k}`)),
    ...[...old].filter((k) => !now.has(k)).map((k) => other(`no longer acknowledges ${k}`)),
  ];
}
