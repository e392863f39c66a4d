import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConsoleArgs } from '../../../local/cli/console-command.js';
import { parseAuthorization } from '../../../local/iam/sigv4.js';
import { findMachines, parseStackOutputs, projectMachineNames, resolveStack, StackError } from '../../../local/console-deployed/stack.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';

const BIN = fileURLToPath(new URL('../../../local/cli/eum-social.js', import.meta.url));
const arn = (name: string) => `arn:aws:states:ap-south-1:111122223333:stateMachine:${name}`;

describe('which state machines are the stack’s', () => {
  const known = projectMachineNames();

  it('the project’s machines are the ASL files', () => {
    expect(known).toEqual(expect.arrayContaining(['analytics-rollup', 'analytics-rollup-page', 'payment-lifecycle', 'template-approval']));
  });

  it('named after the stack (<StackName>-<machine>), the longest project name winning', () => {
    const all = [
      { name: 'eum-social-template-approval', arn: arn('eum-social-template-approval') },
      { name: 'eum-social-analytics-rollup-page', arn: arn('eum-social-analytics-rollup-page') },
      { name: 'eum-social-analytics-rollup', arn: arn('eum-social-analytics-rollup') },
      { name: 'staging-template-approval', arn: arn('staging-template-approval') },
      { name: 'unrelated', arn: arn('unrelated') },
    ];
    expect(
      findMachines(all, known, 'eum-social')
        .map((m) => m.name)
        .sort(),
    ).toEqual(['analytics-rollup', 'analytics-rollup-page', 'template-approval']);
    expect(findMachines(all, known, 'staging')).toEqual([{ name: 'template-approval', arn: arn('staging-template-approval') }]);
    expect(() => findMachines(all, known, 'prod')).toThrow(/no state machine named prod-<name>/);
    // Unnamed, two stacks in the region cannot be told apart.
    expect(() => findMachines(all, known)).toThrow(/several stacks \(eum-social, staging\)/);
    expect(
      findMachines(
        all.filter((m) => !m.name.startsWith('staging')),
        known,
      ).map((m) => m.name),
    ).toEqual(['analytics-rollup', 'analytics-rollup-page', 'template-approval']);
    expect(() => findMachines([{ name: 'unrelated', arn: arn('unrelated') }], known)).toThrow(StackError);
  });
});

describe('--stack: the outputs from CloudFormation DescribeStacks', () => {
  // As CloudFormation answers DescribeStacks over its Query API (AWS API reference, DescribeStacks example).
  const answer = (actionsUrl: string) => `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <DescribeStacksResult>
    <Stacks>
      <member>
        <StackName>eum-social</StackName>
        <StackId>arn:aws:cloudformation:ap-south-1:111122223333:stack/eum-social/aaf549a0-a413-11df-adb3-5081b3858e83</StackId>
        <Parameters>
          <member><ParameterKey>BootstrapVersion</ParameterKey><ParameterValue>/cdk-bootstrap/hnb659fds/version</ParameterValue></member>
        </Parameters>
        <StackStatus>UPDATE_COMPLETE</StackStatus>
        <Outputs>
          <member>
            <Description>IAM-authorized actions API: npm run cli -- --stack-url &lt;this URL&gt; &lt;action&gt; …</Description>
            <OutputKey>ActionsUrl</OutputKey>
            <OutputValue>${actionsUrl}</OutputValue>
          </member>
          <member>
            <OutputKey>TableName</OutputKey>
            <OutputValue>eum-social-Table&amp;1</OutputValue>
          </member>
        </Outputs>
      </member>
    </Stacks>
  </DescribeStacksResult>
  <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
</DescribeStacksResponse>`;

  let cfn: http.Server;
  let endpoint: string;
  const seen: { authorization?: string; body: string }[] = [];
  beforeAll(async () => {
    cfn = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body });
        const stack = new URLSearchParams(body).get('StackName');
        if (stack !== 'eum-social') {
          res.writeHead(400, { 'content-type': 'text/xml' });
          res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${stack} does not exist</Message></Error></ErrorResponse>`);
          return;
        }
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(answer('https://abc123.execute-api.ap-south-1.amazonaws.com/actions'));
      });
    });
    await new Promise<void>((r) => cfn.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(cfn.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => cfn.close(() => r())));

  it('parses the outputs, entities decoded', () => {
    expect(parseStackOutputs(answer('https://x/actions'))).toEqual({ ActionsUrl: 'https://x/actions', TableName: 'eum-social-Table&1' });
  });

  it('asks CloudFormation, signed for its service and region, and takes ActionsUrl from the outputs', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    const target = await resolveStack({
      stack: 'eum-social',
      region: 'ap-south-1',
      cloudFormationEndpoint: endpoint,
      credentials,
      stateMachines: [arn('eum-social-template-approval')],
    });
    expect(target.actionsUrl).toBe('https://abc123.execute-api.ap-south-1.amazonaws.com/actions');
    expect(target.machines).toEqual([{ name: 'template-approval', arn: arn('eum-social-template-approval') }]);
    const request = seen.at(-1)!;
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ Action: 'DescribeStacks', StackName: 'eum-social', Version: '2010-05-15' });
    expect(parseAuthorization(request.authorization)).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', region: 'ap-south-1', service: 'cloudformation' });
    await expect(resolveStack({ stack: 'nope', region: 'ap-south-1', cloudFormationEndpoint: endpoint, credentials, stateMachines: [] })).rejects.toThrow(
      'CloudFormation DescribeStacks nope: ValidationError: Stack with id nope does not exist',
    );
  });

  it('usage: a stack is required, flags are checked', () => {
    expect(() => parseConsoleArgs([], {}, {})).toThrow(/--stack-url <ActionsUrl> or --stack <StackName>/);
    expect(() => parseConsoleArgs(['--port', 'x'], { stackUrl: 'https://x/actions' }, {})).toThrow(/--port: an integer/);
    expect(() => parseConsoleArgs(['--bogus'], { stackUrl: 'https://x/actions' }, {})).toThrow(/unknown flag --bogus/);
    expect(
      parseConsoleArgs(['--stack', 's', '--state-machines', 'a, b', '--endpoint-url=http://127.0.0.1:1'], { region: 'r' }, { AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://c' }),
    ).toEqual({
      stack: 's',
      region: 'r',
      stackUrl: undefined,
      stateMachines: ['a', 'b'],
      endpointUrl: 'http://127.0.0.1:1',
      cloudFormationEndpoint: 'http://c',
    });
  });
});

describe('eum-social console (the bin, spawned through tsx) against the local runtime', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001, schedules: false, sandboxes: false });
  });
  afterAll(async () => rt?.stop());

  it('prints the console URL with its token, serves the bundle and the API, stops on SIGTERM', async () => {
    // Credentials from the environment: the runtime's own key, which its endpoints verify.
    const child = spawn(process.execPath, [BIN, 'console', '--stack-url', `${rt.url}/actions`, '--region', 'local', '--endpoint-url', rt.url], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await expect.poll(() => /Console: (http:\/\/127\.0\.0\.1:\d+)\/console\/\?token=(\S+)/.test(out) || err, { timeout: 60_000 }).toBe(true);
      const [, base, token] = /Console: (http:\/\/127\.0\.0\.1:\d+)\/console\/\?token=(\S+)/.exec(out)!;
      expect(out).toMatch(/state machines: .*template-approval/);
      const mode = await fetch(`${base}/console/api/mode`, { headers: { authorization: `Bearer ${token}` } });
      expect(await mode.json()).toMatchObject({ mode: 'deployed', region: 'local' });
      const page = await fetch(`${base}/console/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);

  it('says why it cannot start', async () => {
    const child = spawn(process.execPath, [BIN, 'console', '--region', 'local'], { env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/console needs --stack-url <ActionsUrl> or --stack <StackName>/);
  }, 60_000);
});
