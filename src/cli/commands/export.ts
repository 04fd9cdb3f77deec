import type { App } from '../app.js';

/** `seikyu export`: see the README. */
export async function runExport(app: App, args: string[]): Promise<void> {
  void app;
  void args;
  throw new Error('export is not built yet');
}
