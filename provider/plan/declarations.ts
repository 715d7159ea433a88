/** The program's resources as the judgement sees them, and what it finds in them. */
import type * as pulumi from "@pulumi/pulumi";
import type { AnyDefinition } from "../engine/framework";
import type { Kind } from "../model/kinds";
import type { Acknowledgement, Finding } from "../rules/types";
import type { PlannedResource } from "./planned-facts";

/** A resource of the program, as it declared itself when it was constructed. */
export interface Declaration {
  readonly key: string;
  readonly kind: Kind;
  readonly name: string;
  readonly definition: AnyDefinition;
  readonly props: Record<string, unknown>;
  /** The resource-level connection as the program wrote it (plain values or outputs). */
  readonly connection: unknown;
  /** Paths of arguments cut off because they nest deeper than any Directus value (model/depth.ts). */
  readonly tooDeep: readonly string[];
  resource?: pulumi.Resource;
  judged: boolean;
  settle?: { resolve(value: string): void; reject(error: Error): void };
}

/** One problem found in the program, attached to the resource and property it concerns. */
export interface ProgramFinding {
  readonly declaration: Declaration;
  readonly property: string;
  readonly text: string;
  readonly effect: "error" | "warning";
  /** The rule's finding, as data, when a security rule made this one. */
  readonly finding?: Finding | undefined;
}

/** A declaration checked on its own: its findings and, when valid, its planned subject. */
export interface Evaluated {
  readonly declaration: Declaration;
  /** Targets whose values equal the object as found (not written; rules that judge writes skip them). */
  readonly keptAsFound: ReadonlySet<string>;
  readonly planned?: PlannedResource;
  readonly acknowledge: readonly Acknowledgement[];
  readonly findings: ProgramFinding[];
  /** The validated inputs, when they are valid and known. */
  readonly inputs?: Record<string, unknown>;
}
