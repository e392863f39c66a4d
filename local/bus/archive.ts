import { join } from 'node:path';
import type { FileWriter } from '../server/files.js';
import { readJsonLines } from '../server/files.js';
import type { BusEvent } from './types.js';

export interface ArchivedEvent {
  bus: 'custom' | 'default';
  archivedAt: string;
  event: BusEvent;
}

/** Every event that reached a bus, appended to `archive.jsonl` before PutEvents answers. */
export class EventArchive {
  private readonly events: ArchivedEvent[] = [];
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly files: FileWriter,
  ) {
    this.path = join(dataDir, 'archive.jsonl');
  }

  async load(): Promise<void> {
    this.events.push(...(await readJsonLines<ArchivedEvent>(this.path)));
  }

  async add(items: ArchivedEvent[]): Promise<void> {
    if (!items.length) return;
    await this.files.append(this.path, items.map((i) => JSON.stringify(i)).join('\n'));
    this.events.push(...items);
  }

  /** Archived events whose event time is in [from, to). */
  range(from: Date, to: Date, bus?: 'custom' | 'default'): ArchivedEvent[] {
    return this.events.filter((a) => {
      const t = Date.parse(a.event.time);
      return t >= from.getTime() && t < to.getTime() && (!bus || a.bus === bus);
    });
  }

  all(): ArchivedEvent[] {
    return [...this.events];
  }
}
