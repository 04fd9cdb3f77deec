import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import type { Profile } from '../machine/profile.js';
import type { StepView } from '../machine/selectors.js';
import { lastUndoable } from '../machine/authority.js';
import { titleOn } from '../i18n/describe.js';
import { stateCarried, type OnboardingPort, type UiPrefs, type UiState } from './port.js';
import { actionFor, actionKeys, type KeyInfo } from './keymap.js';
import { revealableKeys, rowKey, selectorFor, startKey } from './view-model.js';
import { currentKey, highlightedKey, initialScreenState, prefsOf, reduceScreen, type ScreenState } from './screen-state.js';
import { rowsFor, screenData, stepKeys } from './screen-data.js';
import { doneForm, expectForm, type SaveWork } from './form-fields.js';
import { useWindowSize } from './use-window-size.js';
import { useKeyQueue } from './use-key-queue.js';
import { usePassphraseAsk } from './use-passphrase-ask.js';
import { Header } from './header.js';
import { Dashboard } from './dashboard.js';
import { detailLines, revealScroll, StepDetail } from './step-detail.js';
import { historyLines, HistoryView } from './history-view.js';
import { HelpView } from './help-view.js';
import { Form } from './form.js';
import { Wizard } from './wizard.js';
import { PassphraseScreen } from './passphrase-screen.js';
import { UndoConfirm } from './undo-confirm.js';
import { MessageLine, messageLines } from './message-line.js';
import { truncate } from './text.js';

/** How long the screen's filter and selection wait before they are kept for the next run (a held arrow key writes once). */
const PREFS_DELAY_MS = 300;

/**
 * The lines left to a scrolling screen (detail, history, help, dashboard): the frame stays one line shorter
 * than the terminal (Ink then redraws in place instead of clearing), under the header (three lines) and the
 * filter line, over the message and the footer.
 */
function bodyHeightFor(rows: number, messageRows: number): number {
  return Math.max(3, rows - 1 - 4 - 1 - messageRows);
}

/** The same record on both sides: the last event and how many there are. */
function sameRecord(a: UiState | null, b: UiState): boolean {
  return a !== null && a.events.length === b.events.length && a.events.at(-1)?.id === b.events.at(-1)?.id;
}

/**
 * The interactive screen: dashboard, step detail, history, help, and the forms that record events. It
 * follows the document on disk (another `seikyu` may write) and keeps its filter and selection for the
 * next run (`prefs`).
 */
export function App({ port, initial, prefs = null }: { port: OnboardingPort; initial: UiState | null; prefs?: UiPrefs | null }) {
  const { exit } = useApp();
  const t = port.t;
  const { columns, rows } = useWindowSize();
  const [state, setStateOnly] = useState<UiState | null>(initial);
  const [screen, dispatch] = useReducer(reduceScreen, null, () => initialScreenState(initial !== null, prefs));
  const passphrase = usePassphraseAsk(port, dispatch);
  // What the last render showed, for the callbacks of the watcher and the saves (they outlive a render).
  const stateRef = useRef(state);
  const screenRef = useRef<ScreenState>(screen);
  useEffect(() => {
    screenRef.current = screen;
  });
  const setState = (next: UiState) => {
    stateRef.current = next;
    setStateOnly(next);
  };

  const views: StepView[] = useMemo(() => (state ? selectorFor(port, state).views() : []), [port, state]);
  const dashboard = useMemo(() => (state ? rowsFor(port, state, views, screen.onlyAction, screen.open) : []), [port, state, views, screen.onlyAction, screen.open]);
  // The frame stays one line shorter than the terminal: Ink then redraws in place instead of clearing. The
  // message takes two lines, or up to four for a check's result (its fix under it): the body gives way.
  const messageRows = screen.checking !== null ? 2 : messageLines(screen.message, columns).length;
  const bodyHeight = bodyHeightFor(rows, messageRows);
  // The terminal's size for the reveal's callback (it outlives a render): where it scrolls depends on it.
  const sizeRef = useRef({ columns, rows });
  useEffect(() => {
    sizeRef.current = { columns, rows };
  });

  // Another `seikyu` wrote: read the document again under whatever is open. The selection is by key, so
  // it stays on its step; a form stays open with what was typed, and says so if its step is done now.
  useEffect(
    () =>
      port.watch(() => {
        void (async () => {
          let next: UiState | null;
          try {
            next = await port.load();
          } catch {
            // A document being replaced or damaged meanwhile: keep showing the last good one.
            return;
          }
          if (next === null || sameRecord(stateRef.current, next)) return;
          const before = stateRef.current;
          const open = screenRef.current.modal;
          setState(next);
          dispatch({ type: 'refreshed', notice: refreshNotice(port, before, next, screenRef.current) });
          if (open !== null && open.type !== 'init' && !next.onboarding.plan.byKey.has(open.key)) dispatch({ type: 'close-modal' });
        })();
      }),
    [port],
  );

  // The filter, the selection and the open tracks are kept for the next run, a moment after they change.
  const prefsNow = state === null ? null : prefsOf(screen);
  const prefsText = prefsNow === null ? null : JSON.stringify(prefsNow);
  useEffect(() => {
    if (prefsText === null || screen.quitting) return;
    const timer = setTimeout(() => void port.savePrefs(JSON.parse(prefsText) as UiPrefs).catch(() => undefined), PREFS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [port, prefsText, screen.quitting]);

  useEffect(() => {
    if (!screen.quitting) return;
    const last = stateRef.current === null ? Promise.resolve() : port.savePrefs(prefsOf(screenRef.current)).catch(() => undefined);
    void last.finally(() => exit());
  }, [screen.quitting, exit, port]);

  // `r` on a step's detail: every recorded secret of the step, read back (the passphrase asked once),
  // each reveal recorded in the history. Shown until the next key.
  useEffect(() => {
    const key = screen.revealing;
    const current = stateRef.current;
    if (key === null || current === null) return;
    const view = selectorFor(port, current).view(key);
    void (async () => {
      const values: Record<string, string> = {};
      try {
        let after = current;
        for (const input of revealableKeys(port, current, view)) {
          const { value, state: next } = await port.reveal(key, input);
          values[input] = value;
          after = next;
        }
        setState(after);
        // The values shown are in view (a long one wraps under its label, maybe below the body's last line):
        // the reveal is recorded, so the operator must see what it records they saw. The body is measured
        // with the message the reveal puts on the message line.
        const text = t('ui.revealed');
        const size = sizeRef.current;
        const lines = detailLines(port, after, selectorFor(port, after).view(key), size.columns, values);
        const height = bodyHeightFor(size.rows, messageLines({ kind: 'info', text }, size.columns).length);
        dispatch({ type: 'revealed', key, values, text, scroll: revealScroll(lines, screenRef.current.scroll, height) });
      } catch (error) {
        dispatch({ type: 'reveal-failed', text: error instanceof Error ? error.message : String(error) });
      }
    })();
  }, [screen.revealing, port, t]);

  // `c`: the step's check runs on this PC (the passphrase asked if it reads a recorded secret) and its result
  // is recorded; the message line turns meanwhile. Quitting unmounts the screen, which tells the check to stop.
  useEffect(() => {
    const key = screen.checking;
    if (key === null) return;
    const controller = new AbortController();
    void (async () => {
      try {
        const report = await port.check(key, { signal: controller.signal });
        if (controller.signal.aborted) return;
        setState(report.state);
        dispatch({ type: 'checked', key, outcome: report.outcome, text: report.message });
      } catch (error) {
        if (controller.signal.aborted) return;
        dispatch({ type: 'check-error', key, text: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => controller.abort();
  }, [screen.checking, port]);

  // `x`: the handoff bundle and the report written side by side; the message line says where. It writes files,
  // not records, so it runs beside anything else (a check included) and changes nothing on the screen but the message.
  const [exporting, setExporting] = useState(false);
  const exportingRef = useRef(false);
  const runExport = () => {
    const why = actionKeys.export.disabled({ exporting: exportingRef.current });
    if (why !== null) {
      // The reducer's notice is the informational message line (no state of the screen changes with it).
      dispatch({ type: 'refreshed', notice: `${t(actionKeys.export.description)}: ${t(why)}` });
      return;
    }
    exportingRef.current = true;
    setExporting(true);
    void port
      .exportFiles()
      .then(
        (files) => dispatch({ type: 'saved', text: t('handoff.ui.exported', { dir: files.dir, json: files.json, html: files.html }) }),
        (error: unknown) => dispatch({ type: 'save-failed', text: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        exportingRef.current = false;
        setExporting(false);
      });
  };

  useKeyQueue(
    (input: string, key: KeyInfo) => {
      if (!state) return;
      if (actionFor(screenRef.current.screen, input, key) === 'export' && screenRef.current.modal === null) {
        runExport();
        return;
      }
      dispatch({ type: 'key', input, key, data: screenData(port, state, views, columns, bodyHeight) });
    },
    { isActive: state !== null && screen.modal === null && screen.passphrase === null && screen.revealing === null },
  );

  /** Saves, then shows the new state and says so; a failure stays in the form, or goes to the message line. */
  const save = async (work: SaveWork) => {
    dispatch(work.busy !== undefined ? { type: 'save-started', text: work.busy } : { type: 'save-started' });
    try {
      const next = await work.save();
      setState(next);
      dispatch({ type: 'saved', text: typeof work.saved === 'function' ? work.saved(next) : work.saved });
    } catch (error) {
      // A save refused after it recorded something else (a check step's failed check) shows that record.
      const carried = stateCarried(error);
      if (carried) setState(carried);
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
  const start = startKey(dashboard);
  const highlighted = highlightedKey(screen, order, start);
  const selectedRow = Math.max(0, dashboard.findIndex((r) => rowKey(r) !== null && rowKey(r) === highlighted));
  const current = currentKey(screen, { order: () => order, start: () => start, has: (key) => viewOf(key) !== undefined });
  const currentView = current === null ? undefined : viewOf(current);

  // A form whose step is gone (another `seikyu` changed the profile under it) cannot be drawn: the
  // refresh said so, and the form closes.
  const modal = screen.modal !== null && screen.modal.type !== 'init' && viewOf(screen.modal.key) === undefined ? null : screen.modal;
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
        busyText={screen.busyText}
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
    const revealed = screen.revealed?.key === currentView.key ? screen.revealed.values : null;
    body = <StepDetail lines={detailLines(port, state, currentView, columns, revealed)} scroll={screen.scroll} height={bodyHeight} columns={columns} />;
  } else if (screen.screen === 'history') {
    body = <HistoryView t={t} lines={historyLines(t, state)} scroll={screen.scroll} height={bodyHeight} columns={columns} />;
  } else if (screen.screen === 'help') {
    body = <HelpView t={t} scroll={screen.scroll} height={bodyHeight} columns={columns} />;
  } else {
    body = <Dashboard rows={dashboard} selected={selectedRow} height={bodyHeight} columns={columns} t={t} filtered={screen.onlyAction} />;
  }

  const footer = modal ? '' : t(`ui.footer.${screen.screen}`);
  const checkingView = screen.checking === null ? undefined : viewOf(screen.checking);
  const checkingText = checkingView ? t('ui.check.running', { title: titleOn(t, checkingView.title, checkingView.terminal) }) : exporting ? t('handoff.ui.exporting') : null;
  return (
    <Box flexDirection="column">
      <Header profile={state.onboarding.profile} views={views} onboarding={state.onboarding} today={port.today()} t={t} lang={port.lang} columns={columns} holidays={port.holidays} />
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
      <MessageLine message={screen.message} columns={columns} busy={checkingText} />
      <Text dimColor>{truncate(footer || ' ', columns - 1)}</Text>
    </Box>
  );
}

/** What a refresh means for the form that is open: its step was recorded elsewhere, or is gone. Null: nothing to say. */
function refreshNotice(port: OnboardingPort, before: UiState | null, after: UiState, screen: ScreenState): string | null {
  const modal = screen.modal;
  if (modal === null || modal.type === 'init') return null;
  const now = selectorFor(port, after);
  if (!after.onboarding.plan.byKey.has(modal.key)) return port.t('ui.refresh.gone');
  const view = now.view(modal.key);
  const was = before && before.onboarding.plan.byKey.has(modal.key) ? selectorFor(port, before).view(modal.key).status : null;
  if (modal.type !== 'undo' && view.status === 'done' && was !== 'done') return port.t('ui.refresh.doneElsewhere', { title: titleOn(port.t, view.title, view.terminal) });
  if (modal.type === 'undo' && was === 'done' && view.status !== 'done') return port.t('ui.refresh.undoneElsewhere', { title: titleOn(port.t, view.title, view.terminal) });
  return null;
}
