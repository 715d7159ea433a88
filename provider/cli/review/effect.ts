/** An effect: what one change does to access, in which direction. */

import type { Context } from "./access-context";
import type { Props, Transition } from "./transitions";

export type Direction = "widened" | "narrowed" | "other";

export interface Effect {
  readonly direction: Direction;
  readonly text: string;
  /** Listed first among the details (what happens to the object as a whole). */
  readonly headline?: boolean;
}

export const widened = (text: string): Effect => ({ direction: "widened", text });
export const narrowed = (text: string): Effect => ({ direction: "narrowed", text });
export const other = (text: string): Effect => ({ direction: "other", text });

/** What a kind's effects are computed from: the user inputs on both sides, the transition, the context. */
export interface KindInput {
  readonly before: Props;
  readonly after: Props;
  readonly transition: Transition;
  readonly context: Context;
}
