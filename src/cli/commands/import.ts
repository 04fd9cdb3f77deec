import type { App } from '../app.js';

/** `seikyu import FILE`: see the README. */
export async function runImport(app: App, args: string[]): Promise<void> {
  void app;
  void args;
  throw new Error('import is not built yet');
}
