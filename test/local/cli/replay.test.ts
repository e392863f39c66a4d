import { DescribeArchiveCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../local/cli/cli.js';
import { parseReplayArgs, replayOnAws } from '../../../local/cli/replay.js';
import { DEFAULT_IDS, inboundText } from '../../../local/demo/backbone-payloads.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} } };
};

describe('eum-social replay', () => {
  it('names the flag and the rule when the range is bad', () => {
    expect(() => parseReplayArgs([])).toThrow(/--from is required/);
    expect(() => parseReplayArgs(['--from', 'yesterday'])).toThrow(/--from: an ISO-8601 time/);
    expect(() => parseReplayArgs(['--from', '2026-11-24T10:00:00Z', '--to', '2026-11-24T09:00:00Z'])).toThrow(/--to must be after --from/);
    expect(() => parseReplayArgs(['--from', '2026-11-24T10:00:00Z', '--archive-arn', 'arn:aws:s3:::bucket'])).toThrow(/--archive-arn: an EventBridge archive ARN/);
  });

  it("on AWS: StartReplay from the archive into the bus it archives (the stack's own, named after the stack)", async () => {
    // Prepare
    const eb = mockClient(EventBridgeClient);
    eb.on(StartReplayCommand).resolves({ State: 'STARTING' });
    const archiveArn = 'arn:aws:events:ap-south-1:123456789012:archive/EumSocialWorkflowsBusArchive';
    const busArn = 'arn:aws:events:ap-south-1:123456789012:event-bus/Second-eum-social';
    eb.on(DescribeArchiveCommand, { ArchiveName: 'EumSocialWorkflowsBusArchive' }).resolves({ EventSourceArn: busArn });
    // Act
    const result = await replayOnAws(
      { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-24T06:00:00Z'), archiveArn, name: 'after fix #12' },
      new EventBridgeClient({ region: 'ap-south-1' }),
    );
    // Assess
    const input = eb.commandCalls(StartReplayCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      ReplayName: 'after-fix--12',
      EventSourceArn: archiveArn,
      Destination: { Arn: busArn },
    });
    expect(input.EventStartTime).toEqual(new Date('2026-11-24T00:00:00Z'));
    expect(result.state).toBe('STARTING');
    eb.restore();
  });

  describe('locally', () => {
    let rt: Runtime;
    beforeAll(async () => {
      rt = await startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false } as never);
    });
    afterAll(async () => rt?.stop());

    it('re-sends the archived events of the range through the rules', async () => {
      // Prepare: two inbound messages reach the bus and its archive
      for (const n of [1, 2]) {
        const res = await rt.postWebhook('/webhooks/eum', inboundText(DEFAULT_IDS, `wamid.replay-${n}`, `hello ${n}`, Math.floor(Date.now() / 1000)));
        expect(res.statusCode).toBe(200);
      }
      await rt.idle();
      const received = () => rt.events({ detailType: 'message.received' }).length;
      expect(received()).toBe(2);
      const { io: cliIo, out, err } = io();
      // Act
      const code = await runCli(['replay', '--from', new Date(Date.now() - 60_000).toISOString(), '--endpoint', rt.url, '--json'], cliIo);
      await rt.idle();
      // Assess
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(JSON.parse(out[0]!)).toMatchObject({ count: 2, replayName: expect.stringMatching(/^replay-/) });
      const stored = await rt.action({ action: 'get_message', messageKey: 'wamid.replay-1' });
      expect(stored.statusCode).toBe(200);
    });
  });
});
