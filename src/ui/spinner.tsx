import { useEffect, useState } from 'react';
import { Text } from 'ink';
import { truncate } from './text.js';

/** Braille dots, as `seikyu check` draws them: one cell each, in every East Asian width setting. */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;

/**
 * One line that shows work under way: a turning mark and what is being done. Its timer lives only while it
 * is drawn and never keeps the program alive by itself (quitting unmounts it; it is unreferenced anyway).
 */
export function Spinner({ text, columns, colour = 'yellow' }: { text: string; columns: number; colour?: 'yellow' | 'cyan' }) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), FRAME_MS);
    timer.unref();
    return () => clearInterval(timer);
  }, []);
  return <Text color={colour}>{truncate(`${FRAMES[frame]!} ${text}`, columns - 1)}</Text>;
}
