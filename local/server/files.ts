import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Durable-enough local files: JSON snapshots written atomically (tmp + rename) and JSONL appends.
 * `flush()` waits for every write in flight, so a clean shutdown loses nothing.
 */
export class FileWriter {
  private pending = new Set<Promise<unknown>>();
  private readonly snapshotQueue = new Map<string, { value: () => unknown; running?: Promise<void>; dirty: boolean }>();

  constructor(private readonly enabled: boolean) {}

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  async append(path: string, line: string): Promise<void> {
    if (!this.enabled) return;
    await this.track(
      (async () => {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, line.endsWith('\n') ? line : `${line}\n`);
      })(),
    );
  }

  /** Coalesces snapshot writes of one file: at most one in flight plus one queued. */
  snapshot(path: string, value: () => unknown): void {
    if (!this.enabled) return;
    const entry = this.snapshotQueue.get(path) ?? { value, dirty: false };
    entry.value = value;
    this.snapshotQueue.set(path, entry);
    if (entry.running) {
      entry.dirty = true;
      return;
    }
    const run = async (): Promise<void> => {
      do {
        entry.dirty = false;
        await mkdir(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(entry.value()));
        await rename(tmp, path);
      } while (entry.dirty);
    };
    entry.running = this.track(run()).finally(() => (entry.running = undefined));
  }

  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

export async function readJson<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export async function readJsonLines<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a line torn by a crash mid-write: skip it, keep the rest
    }
  }
  return out;
}
