import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** The terminal's size, following resizes (ink 6 has no hook for it). 80×24 when unknown. */
export function useWindowSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
