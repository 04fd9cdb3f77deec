import { readdir, readFile, stat } from 'node:fs/promises';
import type { CommandOutcome, CommandRunner, FileSystem, OutputEncoding, ZipReader } from './types.js';

/**
 * The real command runner, file system and zip reader. Libraries are loaded when a check first needs them, so
 * commands that run no check never pay for them.
 */

/** Decodes a program's output. CP932 is Shift_JIS as Windows writes it (Node's ICU decodes it as `shift_jis`). */
export function decodeOutput(bytes: Uint8Array, encoding: OutputEncoding): string {
  const label = encoding === 'cp932' ? 'shift_jis' : encoding === 'utf16le' ? 'utf-16le' : 'utf-8';
  // A byte-order mark is dropped; PowerShell writes one when it redirects to a file.
  return new TextDecoder(label).decode(bytes);
}

export const commandRunner: CommandRunner = {
  async run(file, args, options = {}): Promise<CommandOutcome> {
    const { execa } = await import('execa');
    const outcome = await execa(file, [...args], {
      reject: false,
      encoding: 'buffer',
      stdin: 'ignore',
      windowsHide: true,
      timeout: options.timeoutMs,
      ...(options.signal ? { cancelSignal: options.signal } : {}),
    });
    if (outcome.code === 'ENOENT') return { kind: 'missing' };
    if (outcome.timedOut || outcome.isCanceled) return { kind: 'timeout' };
    const encoding = options.encoding ?? 'utf8';
    return {
      kind: 'exited',
      exitCode: outcome.exitCode ?? -1,
      stdout: decodeOutput(outcome.stdout, encoding),
      stderr: decodeOutput(outcome.stderr, encoding),
    };
  },
};

export const fileSystem: FileSystem = {
  readFile: (path) => readFile(path),
  stat: (path) => stat(path),
  readdir: (path) => readdir(path),
};

/** Reads a zip's central directory with yauzl (it checks the structure; the entries are not inflated). */
export const zipReader: ZipReader = {
  async entries(path) {
    const yauzl = (await import('yauzl')).default;
    return new Promise((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
        if (error || !zip) return reject(error ?? new Error('not a zip'));
        const names: string[] = [];
        zip.on('entry', (entry: { fileName: string }) => {
          names.push(entry.fileName);
          zip.readEntry();
        });
        zip.on('end', () => resolve(names));
        zip.on('error', (e: Error) => {
          zip.close();
          reject(e);
        });
        zip.readEntry();
      });
    });
  },
};
