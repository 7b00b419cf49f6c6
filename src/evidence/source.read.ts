import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, invalidInput } from '../shared/errors.js';
import { resolveLimits, type Limits, type RawSource } from './source.types.js';

/** One loaded source, or why it could not be loaded; a batch goes on past failures. */
export type SourceResult = { origin: string; ok: true; raw: RawSource } | { origin: string; ok: false; error: AppError };

const MiB = 1024 * 1024;
const size = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${n} bytes`);

/**
 * Loads local files: a file gives one source; a directory gives its regular files,
 * recursively, in sorted order, skipping hidden files and folders and symbolic links.
 * A file over `maxBytes` is refused from its size before it is read.
 */
export async function readSources(paths: readonly string[], limits: Partial<Limits> = {}): Promise<SourceResult[]> {
  const { maxBytes } = resolveLimits(limits);
  const results: SourceResult[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      const info = await stat(path);
      files = info.isDirectory() ? await filesUnder(path) : [path];
      if (files.length === 0) throw invalidInput(`${path}: no files in directory`);
    } catch (e) {
      results.push({ origin: path, ok: false, error: fileError(e, path) });
      continue;
    }
    for (const file of files) {
      try {
        results.push({ origin: file, ok: true, raw: await readOne(file, maxBytes) });
      } catch (e) {
        results.push({ origin: file, ok: false, error: fileError(e, file) });
      }
    }
  }
  return results;
}

async function readOne(file: string, maxBytes: number): Promise<RawSource> {
  const tooLarge = (n: number) => invalidInput(`${file}: file is ${size(n)}, over the limit of ${size(maxBytes)} (maxBytes)`);
  const info = await stat(file);
  if (!info.isFile()) throw invalidInput(`${file}: not a regular file`);
  if (info.size > maxBytes) throw tooLarge(info.size);
  const bytes = await readFile(file);
  // The file may have grown since stat.
  if (bytes.length > maxBytes) throw tooLarge(bytes.length);
  return { origin: file, bytes, contentType: null };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
};

function fileError(e: unknown, path: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOENT') return new AppError('not_found', `${path}: ${FS_ERRORS.ENOENT}`);
  return invalidInput(`${path}: cannot read (${FS_ERRORS[code] ?? code ?? (e as Error).message})`);
}
