// The smallest program: one role. The e2e smoke test drives it through up, preview, refresh and destroy.
import * as pulumi from "@pulumi/pulumi";
import { Role } from "pulumi-directus";

const config = new pulumi.Config();

const editors = new Role("editors", {
  name: config.get("roleName") ?? "Smoke Editors",
  description: "Created by the pulumi-directus smoke example",
  icon: "edit",
});

export const roleId = editors.id;
export const roleName = editors.name;
