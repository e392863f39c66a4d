import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoTemplateStore, type StatusReport } from '../../../functions/adapters/dynamodb/template-store.js';
import { testTable } from '../../support/test-table.js';

/** The catalogue's ordering rules on a real (dynalite) table: time decides, duplicates and late reports change nothing. */
const table = testTable();
let store: DynamoTemplateStore;
let n = 0;

beforeAll(() => {
  store = new DynamoTemplateStore(table.db, table.tableName);
});

const fields = (id: string) => ({
  metaTemplateId: id,
  name: `t_${id}`,
  language: 'en_US',
  category: 'UTILITY',
  status: 'PENDING',
  origin: 'api' as const,
  wabaId: 'waba-1',
  components: [],
});
// A resubmission gives the status read before calling Meta, as update_template does.
const submit = async (id: string, at: string, newVersion = false) =>
  store.submitted({ ...fields(id), at, ...(newVersion ? { newVersion: true as const, seen: (await store.get(id))! } : { newVersion: false as const }) });
const report = (id: string, status: string, at: string, source: StatusReport['source'] = 'webhook') => store.applyStatus({ metaTemplateId: id, status, at, source });

describe('DynamoTemplateStore', () => {
  it('a late report (older time) never replaces a newer status, and a duplicate changes nothing', async () => {
    const id = `late-${++n}`;
    await submit(id, '2026-05-01T10:00:00.400Z');
    expect((await report(id, 'APPROVED', '2026-05-01T10:05:00Z')).applied).toBe(true);
    expect((await report(id, 'APPROVED', '2026-05-01T10:05:00Z')).applied).toBe(false);
    expect((await report(id, 'REJECTED', '2026-05-01T10:01:00Z')).applied).toBe(false);
    expect((await store.get(id))!.status).toBe('APPROVED');
  });

  it('a webhook that beat the API answer (same second) keeps its outcome over the submission', async () => {
    const id = `race-${++n}`;
    // Meta's webhook (whole seconds) is recorded first, then the create call returns and is stored
    await store.applyStatus({ metaTemplateId: id, status: 'APPROVED', at: '2026-05-01T10:00:00Z', name: `t_${id}`, language: 'en_US', source: 'webhook' });
    const t = await submit(id, '2026-05-01T10:00:00.700Z');
    expect(t.status).toBe('APPROVED');
    expect(t.version).toBe(1);
  });

  it('a resubmission starts a new version in review, even within the second of the last outcome', async () => {
    const id = `resubmit-${++n}`;
    await submit(id, '2026-05-01T10:00:00.100Z');
    await report(id, 'REJECTED', '2026-05-01T10:00:00.900Z', 'poll');
    const t = await submit(id, '2026-05-01T10:00:00.950Z', true);
    expect(t).toMatchObject({ status: 'PENDING', version: 2 });
  });

  it("a resubmission keeps Meta's answer when it was stored between the read and the restart (same second or later)", async () => {
    for (const answeredAt of ['2026-05-01T10:00:00Z', '2026-05-01T10:00:01Z']) {
      const id = `answer-first-${++n}`;
      await submit(id, '2026-05-01T09:00:00Z');
      await report(id, 'REJECTED', '2026-05-01T09:30:00Z');
      // update_template reads the template, calls Meta; Meta's webhook about the edit is stored before the resubmission is
      const seen = (await store.get(id))!;
      expect((await report(id, 'APPROVED', answeredAt)).applied).toBe(true);
      const t = await store.submitted({ ...fields(id), at: '2026-05-01T10:00:00.300Z', newVersion: true, seen });
      expect(t).toMatchObject({ status: 'APPROVED', statusAt: new Date(answeredAt).toISOString(), version: 2 });
    }
  });

  it('a resubmission still restarts the review over a report older than it that arrived after the read', async () => {
    const id = `older-report-${++n}`;
    await submit(id, '2026-05-01T09:00:00Z');
    const seen = (await store.get(id))!;
    await report(id, 'REJECTED', '2026-05-01T09:30:00Z', 'sync');
    const t = await store.submitted({ ...fields(id), at: '2026-05-01T10:00:00.300Z', newVersion: true, seen });
    expect(t).toMatchObject({ status: 'PENDING', version: 2 });
  });

  it('exactly one outcome claim per version', async () => {
    const id = `claim-${++n}`;
    await submit(id, '2026-05-01T10:00:00Z');
    const claims = await Promise.all([1, 2, 3].map(() => store.claimOutcome(id, 1, 'APPROVED', '2026-05-01T10:01:00Z')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimOutcome(id, 2, 'APPROVED', '2026-05-01T10:02:00Z')).toBe(true);
  });

  it('whatever order the reports arrive in, the newest one is the status (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 })
          .chain((seconds) => fc.tuple(fc.constant(seconds), fc.shuffledSubarray(seconds, { minLength: seconds.length, maxLength: seconds.length }))),
        async ([seconds, order]) => {
          const id = `prop-${++n}`;
          const statuses = ['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'];
          const statusAt = (s: number) => statuses[s % statuses.length]!;
          const iso = (s: number) => new Date(Date.UTC(2026, 4, 1) + s * 1000).toISOString();
          for (const s of order) await report(id, statusAt(s), iso(s));
          const newest = Math.max(...seconds);
          expect((await store.get(id))!.status).toBe(statusAt(newest));
        },
      ),
      { numRuns: 25 },
    );
  });
});
