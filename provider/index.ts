export type { ConnectionArgs } from "./resources/common-args";
export { Role, type RoleArgs } from "./resources/role";
