import { useEffect, useMemo, useReducer, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import type { Profile } from '../machine/profile.js';
import type { StepView } from '../machine/selectors.js';
import { lastUndoable } from '../machine/authority.js';
import { titleOn } from '../i18n/describe.js';
import type { OnboardingPort, UiState } from './port.js';
import type { KeyInfo } from './keymap.js';
import { dashboardRows, selectorFor } from './view-model.js';
import { currentKey, highlightedKey, initialScreenState, reduceScreen } from './screen-state.js';
import { screenData, stepKeys } from './screen-data.js';
import { doneForm, expectForm } from './form-fields.js';
import { useWindowSize } from './use-window-size.js';
import { useKeyQueue } from './use-key-queue.js';
import { usePassphraseAsk } from './use-passphrase-ask.js';
import { Header } from './header.js';
import { Dashboard } from './dashboard.js';
import { detailLines, StepDetail } from './step-detail.js';
import { historyLines, HistoryView } from './history-view.js';
import { HelpView } from './help-view.js';
import { Form } from './form.js';
import { Wizard } from './wizard.js';
import { PassphraseScreen } from './passphrase-screen.js';
import { UndoConfirm } from './undo-confirm.js';
import { MessageLine } from './message-line.js';
import { truncate } from './text.js';

/** The interactive screen: dashboard, step detail, history, help, and the forms that record events. */
export function App({ port, initial }: { port: OnboardingPort; initial: UiState | null }) {
  const { exit } = useApp();
  const t = port.t;
  const { columns, rows } = useWindowSize();
  const [state, setState] = useState<UiState | null>(initial);
  const [screen, dispatch] = useReducer(reduceScreen, initial !== null, initialScreenState);
  const passphrase = usePassphraseAsk(port, dispatch);

  const views: StepView[] = useMemo(() => (state ? selectorFor(port, state).views() : []), [port, state]);
  const dashboard = useMemo(() => dashboardRows(t, views, screen.onlyAction), [t, views, screen.onlyAction]);
  // The frame stays one line shorter than the terminal: Ink then redraws in place instead of clearing.
  const bodyHeight = Math.max(3, rows - 1 - 3 - 3);

  useEffect(() => {
    if (screen.quitting) exit();
  }, [screen.quitting, exit]);

  useKeyQueue(
    (input: string, key: KeyInfo) => {
      if (state) dispatch({ type: 'key', input, key, data: screenData(port, state, views, columns, bodyHeight) });
    },
    { isActive: state !== null && screen.modal === null },
  );

  /** Saves, then shows the new state and says so; a failure stays in the form, or goes to the message line. */
  const save = async (work: { save: () => Promise<UiState>; saved: string }) => {
    dispatch({ type: 'save-started' });
    try {
      const next = await work.save();
      setState(next);
      dispatch({ type: 'saved', text: work.saved });
    } catch (error) {
      dispatch({ type: 'save-failed', text: error instanceof Error ? error.message : String(error) });
    }
  };
  const closeModal = () => dispatch({ type: 'close-modal' });

  if (!state) {
    return (
      <Wizard
        t={t}
        columns={columns}
        busy={screen.busy}
        error={screen.formError}
        checkProfile={(p) => port.checkProfile(p)}
        onCancel={() => exit()}
        onSubmit={(profile: Profile) => void save({ save: () => port.init(profile), saved: t('ui.saved.init') })}
      />
    );
  }

  const viewOf = (key: string) => views.find((v) => v.key === key);
  // The rows drawn are those of the screen's own filter, so its order is the one the keys move through.
  const order = stepKeys(dashboard);
  const highlighted = highlightedKey(screen, order);
  const selectedRow = Math.max(0, dashboard.findIndex((r) => r.kind === 'step' && r.view.key === highlighted));
  const current = currentKey(screen, { order: () => order, has: (key) => viewOf(key) !== undefined });
  const currentView = current === null ? undefined : viewOf(current);

  const modal = screen.modal;
  let body;
  if (modal?.type === 'done' || modal?.type === 'expect') {
    const view = viewOf(modal.key)!;
    const form = modal.type === 'done' ? doneForm(port, state, view) : expectForm(port, view);
    body = (
      <Form
        title={form.title}
        fields={form.fields}
        t={t}
        columns={columns}
        busy={screen.busy}
        error={screen.formError}
        active={screen.passphrase === null}
        onCancel={closeModal}
        onSubmit={(values) => void save(form.submit(values))}
      />
    );
  } else if (modal?.type === 'undo') {
    const view = viewOf(modal.key)!;
    body = (
      <UndoConfirm
        t={t}
        columns={columns}
        title={titleOn(t, view.title, view.terminal)}
        last={lastUndoable(state.events, view.key)}
        busy={screen.busy}
        onConfirm={() => void save({ save: () => port.undo(view.key), saved: t('ui.undone') })}
        onCancel={closeModal}
      />
    );
  } else if (screen.screen === 'detail' && currentView) {
    body = <StepDetail lines={detailLines(port, state, currentView, columns)} scroll={screen.scroll} height={bodyHeight} columns={columns} />;
  } else if (screen.screen === 'history') {
    body = <HistoryView t={t} lines={historyLines(t, state)} scroll={screen.scroll} height={bodyHeight} columns={columns} />;
  } else if (screen.screen === 'help') {
    body = <HelpView t={t} scroll={screen.scroll} height={bodyHeight} columns={columns} />;
  } else {
    body = <Dashboard rows={dashboard} selected={selectedRow} height={bodyHeight} columns={columns} t={t} filtered={screen.onlyAction} />;
  }

  const footer = modal ? '' : t(`ui.footer.${screen.screen}`);
  return (
    <Box flexDirection="column">
      <Header profile={state.onboarding.profile} views={views} today={port.today()} t={t} lang={port.lang} columns={columns} />
      <Text dimColor>{screen.onlyAction && screen.screen === 'dashboard' ? truncate(t('ui.filterOn'), columns - 1) : ' '}</Text>
      <Box flexDirection="column" height={bodyHeight}>
        {screen.passphrase ? (
          <PassphraseScreen
            t={t}
            columns={columns}
            question={screen.passphrase}
            onAnswer={passphrase.answer}
            onMismatch={() => dispatch({ type: 'passphrase-mismatch' })}
            onCancel={passphrase.cancel}
          />
        ) : null}
        {/* The form under the passphrase stays mounted, hidden, so what was typed in it is kept. */}
        <Box flexDirection="column" display={screen.passphrase ? 'none' : 'flex'}>
          {body}
        </Box>
      </Box>
      <MessageLine message={screen.message} columns={columns} />
      <Text dimColor>{truncate(footer || ' ', columns - 1)}</Text>
    </Box>
  );
}
