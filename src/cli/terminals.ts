import { ExitCode, SeikyuError } from '../i18n/errors.js';
import { TerminalName, type Terminal } from '../machine/profile.js';
import { Role } from '../machine/procedure-schema.js';
import type { App } from './app.js';

/**
 * `NAME` or `NAME:claims,oqs`. Without roles, a terminal asks for them; elsewhere the roles must be given
 * (a default could silently buy a certificate's worth of steps the clinic does not need).
 */
export async function parseTerminalSpec(app: App, spec: string, defaultRoles?: Terminal['roles']): Promise<Terminal> {
  const colon = spec.indexOf(':');
  const rawName = colon === -1 ? spec : spec.slice(0, colon);
  const name = TerminalName.safeParse(rawName);
  if (!name.success) throw new SeikyuError(ExitCode.input, 'err.profile.terminalName', { name: rawName });
  let rolesText = colon === -1 ? null : spec.slice(colon + 1);
  if (rolesText === null) {
    if (defaultRoles) return { name: name.data, roles: defaultRoles };
    if (!app.interactive) throw new SeikyuError(ExitCode.usage, 'err.profile.rolesNeeded', { name: name.data });
    rolesText = await app.ask(app.t('prompt.roles', { name: name.data }));
  }
  const roles = parseRoles(rolesText);
  if (!roles) throw new SeikyuError(ExitCode.input, 'err.profile.terminalSpec', { spec });
  return { name: name.data, roles };
}

function parseRoles(text: string): Terminal['roles'] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const roles: Terminal['roles'] = [];
  for (const part of parts) {
    const role = Role.safeParse(part);
    if (!role.success) return null;
    if (!roles.includes(role.data)) roles.push(role.data);
  }
  // A stable order keeps profiles that mean the same thing equal.
  return Role.options.filter((r) => roles.includes(r));
}
