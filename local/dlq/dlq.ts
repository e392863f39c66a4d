import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RuleTarget } from '../../events/rules/types.js';
import type { FileWriter } from '../server/files.js';
import { readJson } from '../server/files.js';
import type { BusEvent } from '../bus/types.js';

/** A delivery that failed every attempt: kept with the error so it can be inspected and redriven. */
export interface DeadLetter {
  id: string;
  rule: string;
  target: RuleTarget;
  event: BusEvent;
  error: string;
  attempts: number;
  failedAt: string;
}

export class DeadLetterQueue {
  private readonly items = new Map<string, DeadLetter>();
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly files: FileWriter,
  ) {
    this.path = join(dataDir, 'dlq.json');
  }

  async load(): Promise<void> {
    for (const item of await readJson<DeadLetter[]>(this.path, [])) this.items.set(item.id, item);
  }

  add(item: Omit<DeadLetter, 'id' | 'failedAt'>): DeadLetter {
    const letter = { ...item, id: randomUUID(), failedAt: new Date().toISOString() };
    this.items.set(letter.id, letter);
    this.save();
    return letter;
  }

  list(): DeadLetter[] {
    return [...this.items.values()];
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.save();
  }

  private save(): void {
    this.files.snapshot(this.path, () => this.list());
  }
}
