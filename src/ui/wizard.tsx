import { useState } from 'react';
import { Box, Text } from 'ink';
import { areaFromCode, checkMedicalCode, TerminalName, type Profile, type Terminal } from '../machine/profile.js';
import { ConnectionType, Role } from '../machine/procedure-schema.js';
import type { Translate } from '../i18n/index.js';
import { Form, type Field } from './form.js';
import { wrap } from './text.js';

/** `端末1:claims,oqs 受付:oqs` → terminals, or null when it cannot be read. */
export function parseTerminals(text: string): Terminal[] | null {
  const specs = text.trim().split(/\s+/).filter((s) => s !== '');
  if (specs.length === 0) return null;
  const terminals: Terminal[] = [];
  for (const spec of specs) {
    const [rawName, rawRoles] = spec.split(':');
    const name = TerminalName.safeParse(rawName);
    if (!name.success || rawRoles === undefined) return null;
    const roles = rawRoles.split(',').filter((r) => r !== '');
    if (roles.length === 0 || !roles.every((r) => Role.safeParse(r).success)) return null;
    terminals.push({ name: name.data, roles: Role.options.filter((r) => roles.includes(r)) });
  }
  return terminals;
}

/** The first run: the facility profile, with the 医療機関コード's check digit validated (see Form for when it is said). */
export function Wizard({ t, columns, onSubmit, onCancel, checkProfile, error, busy }: {
  t: Translate;
  onCancel: () => void;
  columns: number;
  onSubmit: (profile: Profile) => void;
  checkProfile: (profile: Profile) => string | null;
  error: string | null;
  busy: boolean;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const fields: Field[] = [
    { key: 'name', label: t('ui.wizard.name'), kind: 'text', required: true },
    {
      key: 'code',
      label: t('ui.wizard.code'),
      kind: 'text',
      required: true,
      hint: t('ui.wizard.codeHint'),
      validate: (raw) => {
        const p = checkMedicalCode(raw.trim());
        return p ? t(p.key, p.params) : null;
      },
    },
    {
      key: 'carrier',
      label: t('ui.wizard.carrier'),
      kind: 'choice',
      required: true,
      choices: ['ntt', 'ctc', 'qtnet'].map((value) => ({ value, label: t(`ui.choice.${value}` as 'ui.choice.ntt') })),
    },
    {
      key: 'area',
      label: t('ui.wizard.area'),
      kind: 'choice',
      required: true,
      // The prefecture of the code decides it (East: 01–15, 19, 20); a contradicting choice is refused on saving, with the reason.
      hint: t('ui.wizard.areaHint'),
      follows: { key: 'code', value: (raw) => areaFromCode(raw.trim()) },
      choices: [
        { value: 'east', label: t('cli.area.east') },
        { value: 'west', label: t('cli.area.west') },
      ],
    },
    {
      key: 'connection',
      label: t('ui.wizard.connection'),
      kind: 'choice',
      required: true,
      choices: ConnectionType.options.map((value) => ({ value, label: t(`ui.choice.${value}` as 'ui.choice.ntt') })),
    },
    {
      key: 'terminals',
      label: t('ui.wizard.terminals'),
      kind: 'text',
      required: true,
      initial: `${t('cli.defaultTerminal')}:claims,oqs`,
      hint: t('ui.wizard.terminalsHint'),
      validate: (raw) => (parseTerminals(raw) ? null : t('ui.wizard.terminalsBad')),
    },
  ];
  const submit = (values: Record<string, string>) => {
    const profile: Profile = {
      name: values.name!.trim(),
      code: values.code!.trim(),
      carrier: values.carrier!,
      area: values.carrier === 'ntt' ? (values.area as 'east' | 'west') : null,
      connection: values.connection as Profile['connection'],
      terminals: parseTerminals(values.terminals!)!,
    };
    const why = checkProfile(profile);
    setProblem(why);
    if (!why) onSubmit(profile);
  };
  return (
    <Box flexDirection="column">
      {wrap(t('ui.wizard.intro'), columns - 2).map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      <Text> </Text>
      <Form title={t('ui.wizard.title')} fields={fields} t={t} columns={columns} error={problem ?? error} busy={busy} onSubmit={submit} onCancel={onCancel} />
    </Box>
  );
}
