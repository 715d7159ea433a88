/** One reason an input is refused, at its property path (e.g. `permissions[2].fields`). */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}
