import { ExitCode, SeikyuError } from '../../i18n/errors.js';
import { areaFromCode, hasRole, normalizeCarrier, type Profile } from '../../machine/profile.js';
import { ConnectionType } from '../../machine/procedure-schema.js';
import { parseProxyBypass, proxySettings } from '../../machine/network.js';
import { netConfigReopened } from '../../machine/replay.js';
import { hasControlCharacters } from '../../machine/authority.js';
import { excerpt, printableJson } from '../../i18n/visible.js';
import type { App, Loaded } from '../app.js';
import { choice, findCommand, parse } from '../args.js';
import { changeText, facilityJson } from '../render.js';
import { parseTerminalSpec } from '../terminals.js';

type Change = { profile: Profile; change: string; terminal: string | null };

/** Records a profile change; `make` runs again on the state read under the lock. Returns the profile before it. */
async function record(app: App, make: (loaded: Loaded) => Change): Promise<Profile | null> {
  const { event, before, after } = await app.append((current) => {
    if (!current) throw new SeikyuError(ExitCode.state, 'err.notInitialized', { path: app.dataDir });
    // The authority judges the new profile under the lock (valid, changed at all).
    const { profile, change, terminal } = make(current);
    return { type: 'profile-changed', step: 'facility-profile', terminal, inputs: {}, profile, change, ...app.stamp() };
  });
  app.out(app.t('cli.profile.changed', { id: event.id, change: changeText(app, event) }));
  // Terminals whose net-config was done (and counted) before and is reopened by this change.
  const reopened = before ? netConfigReopened(before.onboarding.profile, after.onboarding.profile) : new Set<string>();
  const records = before?.onboarding.snapshot.context.records ?? {};
  const again = [...reopened].filter((name) => records[`net-config@${name}`] !== undefined);
  if (again.length > 0) app.out(app.t('cli.profile.netConfigAgain', { terminals: again.join(app.t('list.separator')) }));
  return before?.onboarding.profile ?? null;
}

function show(app: App, profile: Profile, json: boolean): void {
  if (json) {
    app.out(printableJson(facilityJson(profile)));
    return;
  }
  const roleName = (r: 'claims' | 'oqs') => app.t(r === 'claims' ? 'cli.role.claims' : 'cli.role.oqs');
  app.out(
    app.t('cli.profile.show', {
      name: profile.name,
      code: profile.code,
      carrier: ['ntt', 'ctc', 'qtnet'].includes(profile.carrier) ? app.t(`ui.choice.${profile.carrier}` as 'ui.choice.ntt') : profile.carrier,
      area: app.t(profile.area === null ? 'cli.area.none' : profile.area === 'east' ? 'cli.area.east' : 'cli.area.west'),
      connection: profile.connection,
      terminals: profile.terminals.map((t) => app.t('cli.terminal.roles', { name: t.name, roles: t.roles.map(roleName).join(', ') })).join(app.t('list.separator')),
    }),
  );
  if (hasRole(profile, 'oqs')) {
    const proxy = proxySettings(profile);
    app.out(app.t('cli.profile.proxy', { server: proxy.server, bypass: proxy.bypass.join(';') }));
  }
}

/** `--proxy HOST:PORT` and `--proxy-bypass LIST` as the profile keeps them; the profile's rules judge their form. */
function proxyOptions(values: { proxy?: string; 'proxy-bypass'?: string }): Pick<Profile, 'proxy' | 'proxyBypass'> {
  const out: Pick<Profile, 'proxy' | 'proxyBypass'> = {};
  for (const [option, value] of [['--proxy', values.proxy], ['--proxy-bypass', values['proxy-bypass']]] as const) {
    if (value !== undefined && hasControlCharacters(value)) throw new SeikyuError(ExitCode.input, 'err.input.control', { field: option });
  }
  if (values.proxy !== undefined) out.proxy = values.proxy.trim();
  if (values['proxy-bypass'] !== undefined) {
    const entries = parseProxyBypass(values['proxy-bypass']);
    if (!entries) throw new SeikyuError(ExitCode.input, 'profile.proxyBypass', { value: excerpt(values['proxy-bypass']) });
    out.proxyBypass = entries;
  }
  return out;
}

export async function runProfile(app: App, args: string[]): Promise<void> {
  // The sub-command is the first word that is not an option, wherever global options stand (`--lang en show`).
  const found = findCommand(args);
  const [sub, rest] = found.command === null ? ['show', found.rest] : [found.command, found.rest];
  switch (sub) {
    case 'show': {
      const { values } = parse('profile show', rest, { json: { type: 'boolean' } }, false);
      const { onboarding } = await app.load();
      show(app, onboarding.profile, values.json === true);
      return;
    }
    case 'add-terminal': {
      const { positionals } = parse('profile add-terminal', rest, {});
      if (positionals.length !== 1) throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'profile add-terminal', option: 'NAME[:claims,oqs]' });
      const { onboarding } = await app.load();
      const wanted = positionals[0]!.split(':')[0]!.trim();
      if (onboarding.profile.terminals.some((t) => t.name === wanted)) throw new SeikyuError(ExitCode.input, 'err.profile.terminalExists', { name: wanted });
      const terminal = await parseTerminalSpec(app, positionals[0]!);
      await record(app, ({ onboarding: { profile } }) => {
        if (profile.terminals.some((t) => t.name === terminal.name)) throw new SeikyuError(ExitCode.input, 'err.profile.terminalExists', { name: terminal.name });
        return { profile: { ...profile, terminals: [...profile.terminals, terminal] }, change: 'terminal-added', terminal: terminal.name };
      });
      app.out(app.t('cli.profile.terminalAdded'));
      if (terminal.roles.includes('claims')) app.out(app.t('cli.profile.changePc'));
      return;
    }
    case 'set-roles': {
      const { positionals } = parse('profile set-roles', rest, {});
      if (positionals.length !== 1 || !positionals[0]!.includes(':')) {
        throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'profile set-roles', option: 'NAME:claims,oqs' });
      }
      const terminal = await parseTerminalSpec(app, positionals[0]!);
      await record(app, ({ onboarding: { profile } }) => {
        const known = profile.terminals.find((t) => t.name === terminal.name);
        if (!known) throw new SeikyuError(ExitCode.input, 'err.unknownTerminal', { terminal: excerpt(terminal.name), terminals: profile.terminals.map((t) => t.name).join(', ') });
        if (known.roles.join(',') === terminal.roles.join(',')) throw new SeikyuError(ExitCode.input, 'err.profile.noChange');
        // The terminal keeps its name, so its records (certificate, network) stay with it.
        const terminals = profile.terminals.map((t) => (t.name === terminal.name ? terminal : t));
        return { profile: { ...profile, terminals }, change: 'terminal-roles', terminal: terminal.name };
      });
      return;
    }
    case 'remove-terminal': {
      const { positionals, values } = parse('profile remove-terminal', rest, { confirmed: { type: 'boolean' } });
      if (positionals.length !== 1) throw new SeikyuError(ExitCode.usage, 'err.usage.missingOption', { command: 'profile remove-terminal', option: 'NAME' });
      const name = positionals[0]!;
      const earlier = await record(app, ({ onboarding: { profile, snapshot } }) => {
        const onboardingRecords = snapshot.context.records;
        if (!profile.terminals.some((t) => t.name === name)) {
          throw new SeikyuError(ExitCode.input, 'err.unknownTerminal', { terminal: excerpt(name), terminals: profile.terminals.map((t) => t.name).join(', ') });
        }
        if (profile.terminals.length === 1) throw new SeikyuError(ExitCode.refused, 'err.profile.lastTerminal');
        // Removing a PC takes its progress out of the state (the log keeps it): not by accident.
        const done = Object.keys(onboardingRecords).filter((key) => key.endsWith(`@${name}`)).length;
        if (done > 0 && values.confirmed !== true) throw new SeikyuError(ExitCode.refused, 'err.profile.removeHasRecords', { name, count: done });
        return { profile: { ...profile, terminals: profile.terminals.filter((t) => t.name !== name) }, change: 'terminal-removed', terminal: name };
      });
      app.out(app.t('cli.profile.terminalRemoved'));
      if (earlier?.terminals.find((t) => t.name === name)?.roles.includes('claims')) app.out(app.t('cli.profile.changePc'));
      return;
    }
    case 'set': {
      const { values } = parse(
        'profile set',
        rest,
        { name: { type: 'string' }, connection: { type: 'string' }, carrier: { type: 'string' }, area: { type: 'string' }, proxy: { type: 'string' }, 'proxy-bypass': { type: 'string' } },
        false,
      );
      const proxy = proxyOptions(values);
      const connection = choice('--connection', values.connection, ConnectionType.options);
      const area = choice('--area', values.area, ['east', 'west'] as const);
      const name = values.name?.trim();
      if (name === '') throw new SeikyuError(ExitCode.input, 'err.profile.name');
      await record(app, ({ onboarding: { profile } }) => {
        const next: Profile = {
          ...profile,
          ...(name !== undefined ? { name } : {}),
          ...(connection !== undefined ? { connection } : {}),
          ...(values.carrier !== undefined ? { carrier: normalizeCarrier(values.carrier) } : {}),
          ...(area !== undefined ? { area } : {}),
          ...proxy,
        };
        // A line that becomes NTT's takes its area from the code, as at init.
        if (next.carrier === 'ntt' && next.area === null && area === undefined) next.area = areaFromCode(next.code);
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        const fields = (['name', 'connection', 'carrier', 'area', 'proxy', 'proxyBypass'] as const).filter((f) => !same(next[f], profile[f]));
        if (fields.length === 0) throw new SeikyuError(ExitCode.input, 'err.profile.noChange');
        return { profile: next, change: `fields:${fields.join(',')}`, terminal: null };
      });
      return;
    }
    default:
      throw new SeikyuError(ExitCode.usage, 'err.usage.profileSub');
  }
}
