import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { Profile } from '../machine/profile.js';
import { ExitCode, SeikyuError } from '../machine/errors.js';
import { applicableInputs } from '../machine/inputs.js';
import type { StepView } from '../machine/selectors.js';
import { isValidDate } from '../machine/dates.js';
import { eventLine, titleOn } from '../i18n/describe.js';
import { effectiveEvents } from '../machine/replay.js';
import type { OnboardingPort, UiState } from './port.js';
import { commandFor, splitChunk, type KeyInfo, type Screen } from './keymap.js';
import { dashboardRows, detailActions, selectorFor } from './view-model.js';
import { useWindowSize } from './use-window-size.js';
import { Header } from './header.js';
import { Dashboard } from './dashboard.js';
import { detailLines, StepDetail } from './step-detail.js';
import { historyLines, HistoryView } from './history-view.js';
import { helpLines, HelpView } from './help-view.js';
import { Form, type Field } from './form.js';
import { Wizard } from './wizard.js';
import { truncate, wrap } from './text.js';

type Modal = { type: 'done'; key: string } | { type: 'expect'; key: string } | { type: 'undo'; key: string };

/** The passphrase is asked over the form that needs it: the form stays, with what was typed in it. */
type PassphraseAsk = { isNew: boolean; problem: string | null; resolve: (value: string) => void; reject: (error: Error) => void };

type Message = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/** The interactive screen: dashboard, step detail, history, help, and the forms that record events. */
export function App({ port, initial }: { port: OnboardingPort; initial: UiState | null }) {
  const { exit } = useApp();
  const t = port.t;
  const { columns, rows } = useWindowSize();
  const [state, setState] = useState<UiState | null>(initial);
  const [screen, setScreen] = useState<Screen>('dashboard');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  /** The step whose detail is open: kept by key, so a save that changes the list does not change it. */
  const [detailKey, setDetailKey] = useState<string | null>(null);
  const [onlyAction, setOnlyAction] = useState(false);
  const [scroll, setScroll] = useState(0);
  const [modal, setModal] = useState<Modal | null>(null);
  const [asking, setAsking] = useState<PassphraseAsk | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [passphraseError, setPassphraseError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  useEffect(() => {
    port.onPassphrase((isNew, problem) => new Promise<string>((resolve, reject) => setAsking({ isNew, problem, resolve, reject })));
  }, [port]);

  const views: StepView[] = useMemo(() => (state ? selectorFor(port, state).views() : []), [port, state]);
  const dashboard = useMemo(() => dashboardRows(t, views, onlyAction), [t, views, onlyAction]);
  const stepRows = dashboard.map((r, i) => (r.kind === 'step' ? i : -1)).filter((i) => i !== -1);
  const found = dashboard.findIndex((r) => r.kind === 'step' && r.view.key === selectedKey);
  const selectedRow = found !== -1 ? found : (stepRows[0] ?? 0);
  const highlighted = dashboard[selectedRow]?.kind === 'step' ? (dashboard[selectedRow] as { kind: 'step'; view: StepView }).view : undefined;
  const current = screen === 'detail' ? (views.find((v) => v.key === detailKey) ?? highlighted) : highlighted;

  // The frame stays one line shorter than the terminal: Ink then redraws in place instead of clearing.
  const bodyHeight = Math.max(3, rows - 1 - 3 - 3);

  const save = async (operation: () => Promise<UiState>, ok: string) => {
    setBusy(true);
    setFormError(null);
    try {
      const next = await operation();
      setState(next);
      setModal(null);
      setMessage({ kind: 'ok', text: ok });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (modal && modal.type !== 'undo') setFormError(text);
      else {
        setModal(null);
        setMessage({ kind: 'error', text });
      }
    } finally {
      setBusy(false);
    }
  };

  const move = (delta: number) => {
    if (stepRows.length === 0) return;
    const at = Math.max(0, stepRows.indexOf(selectedRow));
    const next = stepRows[Math.max(0, Math.min(stepRows.length - 1, at + delta))]!;
    setSelectedKey((dashboard[next] as { view: StepView }).view.key);
  };

  const lineCount = () => {
    if (!state) return 0;
    if (screen === 'detail' && current) return detailLines(port, state, current, columns).length;
    if (screen === 'history') return historyLines(t, state).length + 1;
    if (screen === 'help') return helpLines(t).length + 1;
    return 0;
  };

  const handleKey = (input: string, key: KeyInfo) => {
      const command = commandFor(screen, input, key);
      if (!command) return;
      setMessage(null);
      const page = Math.max(1, bodyHeight - 2);
      switch (command) {
        case 'quit':
          return exit();
        case 'up':
        case 'down':
        case 'pageUp':
        case 'pageDown': {
          const delta = command === 'up' ? -1 : command === 'down' ? 1 : command === 'pageUp' ? -page : page;
          if (screen === 'dashboard') return move(delta);
          return setScroll((s) => Math.max(0, Math.min(Math.max(0, lineCount() - bodyHeight), s + delta)));
        }
        case 'open':
          if (current) {
            setSelectedKey(current.key);
            setDetailKey(current.key);
            setScroll(0);
            setScreen('detail');
          }
          return;
        case 'back':
          setScroll(0);
          return setScreen('dashboard');
        case 'filter':
          return setOnlyAction((v) => !v);
        case 'history':
          setScroll(Math.max(0, (state?.events.length ?? 0) + 1 - bodyHeight));
          return setScreen('history');
        case 'help':
          setScroll(0);
          return setScreen('help');
        case 'done':
        case 'expect':
        case 'undo':
        case 'check': {
          if (!state || !current) return;
          const action = detailActions(port, state, current).find((a) => a.command === command);
          if (!action) return;
          if (action.disabled) return setMessage({ kind: 'info', text: `${action.label}: ${action.disabled}` });
          if (command === 'check') return;
          setFormError(null);
          return setModal({ type: command, key: current.key });
        }
      }
    };

  // Keys that arrive together (a held arrow key, fast typing over a remote session) are handled one after
  // another, each on the state the previous one left.
  const [queue, setQueue] = useState<{ input: string; key: KeyInfo }[]>([]);
  // Set when a key was handled and its render has not happened yet: keys arriving before that render
  // wait in the queue, so each is handled on the state the previous one left.
  const handledSinceRender = useRef(false);
  useEffect(() => {
    handledSinceRender.current = false;
  });
  useEffect(() => {
    if (queue.length === 0) return;
    const [first, ...rest] = queue;
    handledSinceRender.current = true;
    handleKey(first!.input, first!.key);
    setQueue(rest);
    // handleKey is recreated each render with the current state; the queue drives this effect.
  }, [queue]);

  useInput(
    (input, key) => {
      const keys = splitChunk(input, key);
      // The common case, one key at a time, is handled at once; Ink delivers the keys of one read in a
      // row before React re-renders, and those go through the queue.
      if (!handledSinceRender.current && queue.length === 0 && keys.length === 1) {
        handledSinceRender.current = true;
        return handleKey(input, key);
      }
      setQueue((q) => [...q, ...keys]);
    },
    { isActive: state !== null && modal === null },
  );

  useInput(
    (input) => {
      if (modal?.type !== 'undo') return;
      if (input === 'y' || input === 'Y') void save(() => port.undo(modal.key), t('ui.undone'));
      else setModal(null);
    },
    { isActive: modal?.type === 'undo' && !busy },
  );

  if (!state) {
    return (
      <Wizard
        t={t}
        columns={columns}
        busy={busy}
        error={formError}
        checkProfile={(p) => port.checkProfile(p)}
        onCancel={() => exit()}
        onSubmit={(profile: Profile) => void save(() => port.init(profile), t('ui.saved.init'))}
      />
    );
  }

  const footer = modal ? '' : t(`ui.footer.${screen}`);
  const wrapped = message ? wrap(message.text, columns - 1) : [];
  const messageLines = wrapped.length > 2 ? [wrapped[0]!, truncate(wrapped.slice(1).join(''), columns - 1)] : wrapped;
  let passphraseScreen = null;
  if (asking) {
    const fields: Field[] = [
      { key: 'passphrase', label: t('ui.passphrase.label'), kind: 'secret', required: true, validate: (raw) => (asking.isNew && [...raw].length < 8 ? t('err.secret.tooShort') : null) },
      ...(asking.isNew ? [{ key: 'repeat', label: t('ui.passphrase.repeat'), kind: 'secret' as const, required: true }] : []),
    ];
    passphraseScreen = (
      <Box flexDirection="column">
        {wrap(t(asking.isNew ? 'ui.passphrase.new' : 'ui.passphrase.enter'), columns - 2).map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
        <Form
          title={t('ui.passphrase.title')}
          fields={fields}
          t={t}
          columns={columns}
          busy={false}
          error={passphraseError ?? asking.problem}
          onCancel={() => {
            setAsking(null);
            asking.reject(new SeikyuError(ExitCode.interrupted, 'err.interrupted'));
          }}
          onSubmit={(values) => {
            if (asking.isNew && values.repeat !== values.passphrase) return setPassphraseError(t('err.secret.mismatch'));
            setPassphraseError(null);
            setAsking(null);
            asking.resolve(values.passphrase!);
          }}
        />
      </Box>
    );
  }

  let body;
  if (modal?.type === 'done' || modal?.type === 'expect') {
    const view = views.find((v) => v.key === modal.key)!;
    const title = titleOn(t, view.title, view.terminal);
    const lang = port.lang;
    const dateCheck = (raw: string) => (isValidDate(raw.trim()) ? (raw.trim() > port.today() && modal.type === 'done' ? t('err.date.future', { value: raw.trim() }) : null) : t('err.date.format', { value: raw }));
    const fields: Field[] =
      modal.type === 'expect'
        ? [{ key: 'by', label: t('ui.form.by'), kind: 'text', required: true, hint: t('ui.form.byHint'), validate: (raw) => (isValidDate(raw.trim()) ? null : t('err.date.format', { value: raw })) }]
        : [
            ...applicableInputs(view.step, state.onboarding.profile).map(
              (input): Field => ({
                key: `input:${input.key}`,
                label: input.label[lang],
                hint: input.hint[lang],
                kind: input.secret ? 'secret' : 'text',
                required: input.required,
                validate: (raw) => port.checkInput(view.id, input.key, raw),
              }),
            ),
            ...view.step.confirm.map((c, i): Field => ({ key: `confirm:${i}`, label: t('ui.form.confirm'), hint: c[lang], kind: 'confirm', required: true })),
            { key: 'at', label: t('ui.form.at'), kind: 'text', required: true, initial: port.today(), hint: t('ui.form.atHint'), validate: dateCheck },
            {
              key: 'note',
              label: t(view.step.kind.includes('check') ? 'ui.form.noteRequired' : 'ui.form.note'),
              kind: 'text',
              required: view.step.kind.includes('check'),
            },
          ];
    body = (
      <Form
        title={t(modal.type === 'expect' ? 'ui.form.expectTitle' : view.step.inputs.length > 0 ? 'ui.form.recordTitle' : 'ui.form.doneTitle', { title })}
        fields={fields}
        t={t}
        columns={columns}
        busy={busy}
        error={formError}
        active={!asking}
        onCancel={() => setModal(null)}
        onSubmit={(values) => {
          if (modal.type === 'expect') return void save(() => port.expect(view.key, values.by!.trim()), t('ui.saved.expect', { title, date: values.by!.trim() }));
          const inputs: Record<string, string> = {};
          for (const [k, v] of Object.entries(values)) if (k.startsWith('input:') && v.trim() !== '') inputs[k.slice(6)] = v;
          const note = values.note?.trim();
          void save(() => port.done({ key: view.key, at: values.at!.trim(), ...(note ? { note } : {}), values: inputs }), t('ui.saved.done', { title }));
        }}
      />
    );
  } else if (modal?.type === 'undo') {
    const view = views.find((v) => v.key === modal.key)!;
    const last = effectiveEvents(state.events).filter((e) => e.step === view.id && e.terminal === view.terminal && e.type !== 'profile-created').at(-1);
    body = (
      <Box flexDirection="column">
        {wrap(t('ui.undo.confirm', { title: titleOn(t, view.title, view.terminal), id: last?.id ?? '' }), columns - 2).map((line, i) => (
          <Text key={i} color="yellow">
            {line}
          </Text>
        ))}
        {last ? <Text>{truncate(eventLine(t, last, undefined, false), columns - 2)}</Text> : null}
        <Text bold>{t('ui.undo.keys')}</Text>
      </Box>
    );
  } else if (screen === 'detail' && current) {
    body = <StepDetail lines={detailLines(port, state, current, columns)} scroll={scroll} height={bodyHeight} columns={columns} />;
  } else if (screen === 'history') {
    body = <HistoryView t={t} lines={historyLines(t, state)} scroll={scroll} height={bodyHeight} columns={columns} />;
  } else if (screen === 'help') {
    body = <HelpView t={t} scroll={scroll} height={bodyHeight} columns={columns} />;
  } else {
    body = <Dashboard rows={dashboard} selected={selectedRow} height={bodyHeight} columns={columns} t={t} filtered={onlyAction} />;
  }

  return (
    <Box flexDirection="column">
      <Header profile={state.onboarding.profile} views={views} today={port.today()} t={t} lang={port.lang} columns={columns} />
      <Text dimColor>{onlyAction && screen === 'dashboard' ? truncate(t('ui.filterOn'), columns - 1) : ' '}</Text>
      <Box flexDirection="column" height={bodyHeight}>
        {passphraseScreen}
        <Box flexDirection="column" display={passphraseScreen ? 'none' : 'flex'}>
          {body}
        </Box>
      </Box>
      {[0, 1].map((i) => (
        <Text key={`m${i}`} color={message?.kind === 'error' ? 'red' : message?.kind === 'ok' ? 'green' : 'yellow'}>
          {messageLines[i] ?? ' '}
        </Text>
      ))}
      <Text dimColor>{truncate(footer || ' ', columns - 1)}</Text>
    </Box>
  );
}
