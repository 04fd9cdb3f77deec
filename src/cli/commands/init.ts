import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { areaFromCode, normalizeCarrier, type Profile } from '../../machine/profile.js';
import { ConnectionType } from '../../machine/procedure-schema.js';
import type { App } from '../app.js';
import { recordProfile } from '../../app/records.js';
import { choice, parse } from '../args.js';
import { parseTerminalSpec } from '../terminals.js';

const options = {
  name: { type: 'string' },
  code: { type: 'string' },
  area: { type: 'string' },
  connection: { type: 'string' },
  carrier: { type: 'string' },
  terminal: { type: 'string', multiple: true },
} as const;


export async function runInit(app: App, args: string[]): Promise<void> {
  const { values } = parse('init', args, options, false);
  for (const option of ['name', 'code'] as const) {
    if (values[option] === undefined) throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'init', option: `--${option}` });
  }
  const carrier = normalizeCarrier(values.carrier ?? 'ntt');
  // On an NTT line the area follows from the code's prefecture; one given that contradicts it is refused by the
  // profile's rules (checkProfile), with the prefecture named.
  const given = choice('--area', values.area, ['east', 'west'] as const);
  const area = given ?? (carrier === 'ntt' ? areaFromCode(values.code!) : null);
  const connection = choice('--connection', values.connection, ConnectionType.options) ?? 'ipv6-ipvpn';
  const terminals = [];
  for (const spec of values.terminal ?? []) terminals.push(await parseTerminalSpec(app, spec));
  if (terminals.length === 0) terminals.push({ name: app.t('cli.defaultTerminal'), roles: ['claims', 'oqs'] as ('claims' | 'oqs')[] });
  const name = values.name!.trim();
  if (name === '') throw new SeikyuError(ExitCode.input, 'err.profile.name');
  const profile: Profile = { name, code: values.code!.trim(), carrier, area, connection, terminals };
  await recordProfile(app.service, profile);
  app.out(app.t('cli.init.created', { name: profile.name, path: app.store.file }));
  app.out(app.t('cli.init.nextHint'));
}
