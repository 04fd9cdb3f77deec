import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Translate } from '../i18n/index.js';
import { visible } from '../i18n/visible.js';
import { Spinner } from './spinner.js';
import { graphemes, maskSecret, pad, truncate, typedText, width, wrap } from './text.js';

/** One field of a form. `validate` returns an error sentence, or null when the value is fine. */
export interface Field {
  key: string;
  label: string;
  hint?: string;
  kind: 'text' | 'secret' | 'choice' | 'confirm';
  required: boolean;
  choices?: { value: string; label: string }[];
  initial?: string;
  validate?: (raw: string) => string | null;
  /** This field's value follows another's as it is typed (the NTT area from the 医療機関コード): null leaves it as it is. */
  follows?: { key: string; value: (raw: string) => string | null };
}

export interface FormProps {
  title: string;
  fields: Field[];
  t: Translate;
  columns: number;
  /** An error from saving (the form stays open so nothing typed is lost). */
  error: string | null;
  busy: boolean;
  /** What the save under way does, when more than saving (a check run on this PC): shown turning. */
  busyText?: string | null;
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
  active?: boolean;
}

function initialValue(field: Field): string {
  if (field.initial !== undefined) return field.initial;
  if (field.kind === 'choice') return field.choices?.[0]?.value ?? '';
  if (field.kind === 'confirm') return 'no';
  return '';
}

/**
 * A message wrapped to the width, at most `max` lines (a frame line must never wrap by itself). Its line
 * breaks (the parts of a check's result) start new lines.
 */
function Lines({ text, columns, max, dim = false, colour }: { text: string | null | undefined; columns: number; max: number; dim?: boolean; colour?: 'red' | 'yellow' }) {
  if (!text) return null;
  return (
    <>
      {text
        .split('\n')
        .flatMap((part) => wrap(visible(part), columns - 2))
        .slice(0, max)
        .map((line, i) => (
          <Text key={i} dimColor={dim} {...(colour ? { color: colour } : {})}>
            {line}
          </Text>
        ))}
    </>
  );
}

/** The keys this form uses: ←→ only with a choice, Space only with a confirmation. */
function formKeys(t: Translate, fields: Field[]): string {
  const parts = [t('ui.footer.formBase')];
  if (fields.some((f) => f.kind === 'choice')) parts.push(t('ui.footer.formChoice'));
  if (fields.some((f) => f.kind === 'confirm')) parts.push(t('ui.footer.formConfirm'));
  parts.push(t('ui.footer.formCancel'));
  return parts.join('  ');
}

/** The problem of a field's value, if any (required and format). */
export function fieldError(t: Translate, field: Field, value: string): string | null {
  if (field.kind === 'confirm') return value === 'yes' ? null : field.required ? t('ui.form.confirmRequired') : null;
  if (value.trim() === '') return field.required ? t('ui.form.required') : null;
  return field.validate ? field.validate(value) : null;
}

/**
 * A form with one line per field: typed text (secrets masked), a choice (←→), or a confirmation (Space).
 * Enter moves on and saves from the last field. A value's problem is shown once the operator has finished with
 * the field (Enter on it, or moved away from it), not while it is being typed ("CAF12…" is not wrong yet); from
 * then on it is checked as it is typed, so the sentence goes away as soon as the value is right.
 */
export function Form({ title, fields, t, columns, error, busy, busyText = null, onSubmit, onCancel, active = true }: FormProps) {
  // Values live in a ref as well as in state: one input chunk can hold text and Enter ("R123\r" from a
  // paste or a fast typist), and Enter must see the text typed just before it. The ref is the handlers'
  // view, ahead of the next render; the screen draws from the state.
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, initialValue(f)])));
  const valuesRef = useRef(values);
  const [focus, setFocusState] = useState(0);
  const focusRef = useRef(0);
  const [tried, setTried] = useState<Set<string>>(new Set());
  // A save's error stays until the next edit: then it may no longer be true. A new error is shown again
  // (state adjusted while rendering, as React advises for a changed prop, rather than in an effect).
  const [editedSinceError, setEditedSinceError] = useState(false);
  const [errorSeen, setErrorSeen] = useState(error);
  if (error !== errorSeen) {
    setErrorSeen(error);
    setEditedSinceError(false);
  }
  const [cancelArmed, setCancelArmed] = useState(false);
  const field = fields[focus]!;

  const set = (key: string, value: string) => {
    const next = { ...valuesRef.current, [key]: value };
    for (const f of fields) {
      const derived = f.follows?.key === key ? f.follows.value(value) : null;
      if (derived !== null) next[f.key] = derived;
    }
    valuesRef.current = next;
    setValues(valuesRef.current);
    setEditedSinceError(true);
  };
  const markTried = (keys: string[]) => setTried((s) => new Set([...s, ...keys]));
  const setFocus = (index: number) => {
    const leaving = fields[focusRef.current]!;
    // Leaving a field with something typed in it is finishing with it: its problem, if any, is shown from now on.
    if (valuesRef.current[leaving.key] !== initialValue(leaving)) markTried([leaving.key]);
    focusRef.current = Math.max(0, Math.min(fields.length - 1, index));
    setFocusState(focusRef.current);
  };

  const enter = () => {
    const f = fields[focusRef.current]!;
    const v = valuesRef.current;
    markTried([f.key]);
    if (fieldError(t, f, v[f.key]!) !== null) return;
    if (focusRef.current < fields.length - 1) return setFocus(focusRef.current + 1);
    const firstBad = fields.findIndex((x) => fieldError(t, x, v[x.key]!) !== null);
    if (firstBad !== -1) {
      markTried(fields.map((x) => x.key));
      return setFocus(firstBad);
    }
    onSubmit(v);
  };

  const type = (text: string) => {
    const f = fields[focusRef.current]!;
    if (f.kind !== 'text' && f.kind !== 'secret') return;
    if (text !== '') set(f.key, valuesRef.current[f.key]! + text);
  };

  useInput(
    (input, key) => {
      if (busy) return;
      if (key.escape || (key.ctrl && input === 'c')) {
        // What was typed is not thrown away by one stray key: a second Esc confirms.
        const dirty = fields.some((f) => valuesRef.current[f.key] !== initialValue(f));
        if (dirty && !cancelArmed) return setCancelArmed(true);
        return onCancel();
      }
      if (cancelArmed) setCancelArmed(false);
      if (key.upArrow || (key.shift && key.tab)) return setFocus(focusRef.current - 1);
      if (key.downArrow || key.tab) return setFocus(focusRef.current + 1);
      if (key.return) return enter();
      const f = fields[focusRef.current]!;
      if (f.kind === 'choice') {
        const choices = f.choices ?? [];
        const index = choices.findIndex((c) => c.value === valuesRef.current[f.key]);
        if (key.leftArrow) set(f.key, choices[(index - 1 + choices.length) % choices.length]!.value);
        if (key.rightArrow || input === ' ') set(f.key, choices[(index + 1) % choices.length]!.value);
        for (const _ of input.matchAll(/\r/g)) enter();
        return;
      }
      if (f.kind === 'confirm') {
        if (input === ' ' || input === 'y') set(f.key, valuesRef.current[f.key] === 'yes' && input === ' ' ? 'no' : 'yes');
        if (input === 'n') set(f.key, 'no');
        for (const _ of input.matchAll(/\r/g)) enter();
        return;
      }
      if (key.backspace || key.delete) {
        // A held Backspace arrives as several in one chunk.
        const count = Math.max(1, [...input].filter((c) => c === '\u007f' || c === '\b').length);
        set(f.key, graphemes(valuesRef.current[f.key]!).slice(0, -count).join(''));
        return;
      }
      // Ctrl-U empties the field, as in a shell (the masked value of a secret cannot be erased by sight).
      if (key.ctrl && input === 'u') return set(f.key, '');
      if (key.ctrl || key.meta || input === '') return;
      // One chunk can hold text, Backspaces and line breaks (fast typing, a paste): each counts, in order.
      let text = '';
      const flush = () => {
        type(text);
        text = '';
      };
      for (const ch of typedText(input).replace(/\r\n/g, '\r')) {
        if (ch === '\r' || ch === '\n') {
          flush();
          enter();
        } else if (ch === '\u007f' || ch === '\b') {
          flush();
          const g = fields[focusRef.current]!;
          set(g.key, graphemes(valuesRef.current[g.key]!).slice(0, -1).join(''));
        } else if (ch >= ' ') {
          text += ch;
        }
      }
      flush();
    },
    { isActive: active },
  );

  const labelWidth = Math.min(Math.max(16, Math.floor(columns * 0.4)), Math.max(...fields.map((f) => width(f.label))) + 1);
  const valueWidth = Math.max(10, columns - labelWidth - 8);
  const current = fieldError(t, field, values[field.key]!);
  const showCurrent = current !== null && tried.has(field.key) && field.kind !== 'confirm';
  return (
    <Box flexDirection="column">
      <Text bold>{truncate(title, columns - 2)}</Text>
      {fields.map((f, i) => {
        const value = values[f.key]!;
        const shown =
          f.kind === 'secret'
            ? maskSecret(value)
            : f.kind === 'choice'
              ? `‹ ${f.choices?.find((c) => c.value === value)?.label ?? value} ›`
              : f.kind === 'confirm'
                ? `[${value === 'yes' ? 'x' : ' '}] ${t(value === 'yes' ? 'ui.form.confirmYes' : 'ui.form.confirmNo')}`
                : value;
        const bad = fieldError(t, f, value) !== null && tried.has(f.key);
        const focused = i === focus;
        const optional = !f.required && f.kind !== 'confirm' ? t('ui.detail.optional') : '';
        // The value gives way to the optional mark: the row must never wrap.
        const room = Math.max(4, valueWidth - width(optional));
        return (
          <Box key={f.key}>
            <Text color={focused ? 'cyan' : undefined}>{focused ? '› ' : '  '}</Text>
            <Text>{pad(f.label, labelWidth)}</Text>
            <Text color={bad ? 'red' : undefined} inverse={focused && f.kind !== 'choice' && f.kind !== 'confirm'}>
              {truncate(shown + (focused && (f.kind === 'text' || f.kind === 'secret') ? ' ' : ''), room)}
            </Text>
            <Text dimColor>{optional}</Text>
          </Box>
        );
      })}
      <Lines text={field.hint} columns={columns} max={2} dim />
      <Lines text={showCurrent ? current : null} columns={columns} max={3} colour="red" />
      <Lines text={editedSinceError ? null : error} columns={columns} max={6} colour="red" />
      <Lines text={cancelArmed ? t('ui.form.cancelAgain') : null} columns={columns} max={2} colour="yellow" />
      {busy && busyText !== null ? <Spinner text={busyText} columns={columns - 1} colour="cyan" /> : <Text dimColor>{busy ? t('ui.form.saving') : truncate(formKeys(t, fields), columns - 2)}</Text>}
    </Box>
  );
}
