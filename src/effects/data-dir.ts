import os from 'node:os';
import path from 'node:path';

/**
 * The per-user data directory. SEIKYU_HOME wins; otherwise the platform's convention for application data.
 * The path module follows `platform`, not the running system, so every branch can be tested on Linux.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const name = 'medical-seikyu';
  if (env.SEIKYU_HOME) return env.SEIKYU_HOME;
  if (platform === 'win32') {
    return env.APPDATA ? path.win32.join(env.APPDATA, name) : path.win32.join(home, 'AppData', 'Roaming', name);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', name);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg && path.posix.isAbsolute(xdg)) return path.posix.join(xdg, name);
  return path.posix.join(home, '.local', 'share', name);
}
