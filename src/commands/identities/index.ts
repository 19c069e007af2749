/** `kctx-guard identities`: the clusters the daemon has learned, by API server and CA, with every name seen for each. */
import { Command, Flags } from '@oclif/core';
import { configureColor } from '../../cli/format.js';
import { humanIdentities, listIdentities } from '../../cli/identities.js';

export default class Identities extends Command {
  static override description =
    'List the cluster identities the daemon remembers (API server + CA → level, the names seen for each, first and last seen, file).';
  static override examples = ['<%= config.bin %> identities', '<%= config.bin %> identities --json'];
  static override flags = { json: Flags.boolean({ description: 'print JSON' }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(Identities);
    configureColor(process.stdout, process.env);
    const list = listIdentities(process.env);
    this.log(flags.json ? JSON.stringify(list, null, 2) : humanIdentities(list, process.env));
  }
}
