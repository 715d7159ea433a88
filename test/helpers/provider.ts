import { providerFor } from "../../provider/engine/runtime";
import type { DirectusServer } from "./directus";

type Props = Record<string, unknown>;

/**
 * Drives one resource kind's provider exactly as the engine does (check, then create/diff/update/
 * read/delete), against a real server, using the resource-level `connection` argument.
 */
export class ProviderHarness {
  private readonly provider;

  constructor(
    readonly kind: string,
    private readonly server: DirectusServer,
  ) {
    this.provider = providerFor(kind);
  }

  withConnection(inputs: Props): Props {
    return { ...inputs, connection: { url: this.server.url, token: this.server.token } };
  }

  async check(inputs: Props, olds: Props = {}) {
    return this.provider.check(olds, this.withConnection(inputs));
  }

  async checked(inputs: Props): Promise<Props> {
    const result = await this.check(inputs);
    if (result.failures && result.failures.length > 0) {
      throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
    }
    return result.inputs as Props;
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const result = await this.provider.create(await this.checked(inputs));
    return { id: result.id, outs: result.outs as Props };
  }

  async diff(id: string, olds: Props, inputs: Props) {
    return this.provider.diff(id, olds, await this.checked(inputs));
  }

  async update(id: string, olds: Props, inputs: Props): Promise<Props> {
    return (await this.provider.update(id, olds, await this.checked(inputs))).outs as Props;
  }

  async read(id: string, props: Props) {
    return this.provider.read(id, props);
  }

  async delete(id: string, props: Props): Promise<void> {
    await this.provider.delete(id, props);
  }
}
