import { actions } from '../../functions/actions/registry.js';
import type { ActionDefinition } from '../../functions/actions/types.js';
import { backfillSummary, PAYMENT_LISTING_BACKFILL, runPaymentListingBackfill } from './backfill.js';
import { actionFields, toFlag, type FieldInfo } from './fields.js';
import { attachLocalFile, MediaFileError } from './media-file.js';
import { readable, table } from './format.js';
import { parseReplayArgs, replayLocally, replayOnAws, ReplayUsageError, type ReplayRequest } from './replay.js';
import { CONSOLE_HELP, ConsoleUsageError, parseConsoleArgs, runConsoleCommand } from './console-command.js';
import { DEFAULT_ENDPOINT, functionTarget, localTarget, stackTarget, type ActionTarget } from './transport.js';

/**
 * `eum-social`: runs any action of the registry against the local runtime or a deployed stack.
 * Exit codes: 0 ok, 1 the action failed, 2 usage error (bad command, flag or field).
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  stdin?: () => string;
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly helpFor?: string,
  ) {
    super(message);
  }
}

const GLOBAL_HELP = `eum-social — run EUM Social workflow actions

Usage
  eum-social <action> [--field value …]     run one action; flags are the action's fields in kebab case
  eum-social action '<json>'                 run an action given as JSON ({"action": "…", …}); '-' reads stdin
  eum-social capabilities                    every action with its status (supported / partial / stub)
  eum-social <action> --help                 the action's fields, limits, needs and runbook
  eum-social replay --from <ISO> [--to <ISO>] [--archive-arn <arn>]
                                             re-send archived domain events of a time range through the rules
  eum-social console --stack-url <ActionsUrl> | --stack <StackName>
                                             the console on this machine against a deployed stack (console --help)
  eum-social backfill_payment_listing [--dry-run] [--page-size <n>] [--cursor <c>]
                                             after an upgrade: every page of the action, progress on stderr

Target (default: $EUM_SOCIAL_ENDPOINT or ${DEFAULT_ENDPOINT}, the local runtime)
  --endpoint <url>       a local runtime (POST <url>/actions)
  --stack-url <url>      a deployed actions HTTP API, e.g. https://abc.execute-api.ap-south-1.amazonaws.com/actions
                         (signed with SigV4 using the default AWS credential chain)
  --function <name|arn>  invoke the deployed actions Lambda directly (SigV4, default credential chain)
  --region <region>      region for --stack-url/--function when it cannot be read from the URL/ARN

Media
  --file <path>          a local file for send_media / send_template (header) / upload_template_media /
                         create_template / update_template: checked against WhatsApp's limits, put in the
                         media bucket under outbound/, named in the request
  --bucket <name>        the media bucket on AWS (stack output MediaBucketName; locally the runtime's)

Output
  --json                 print the raw JSON answer (for scripts); otherwise readable tables
  -h, --help             help for eum-social or for one command

Values: strings as typed; numbers and true/false where the field is one; JSON for lists and objects
  (e.g. --sections '[{"title":"Top","product_retailer_ids":["sku1","sku2"]}]'); a repeated flag builds a list.
Exit codes: 0 ok · 1 the action failed · 2 usage error (unknown command, bad flag or invalid field)

Examples
  eum-social send_product_message --from phone-number-id-… --to 919812345678 --catalog-id 1234 --product-retailer-id sku-1
  eum-social action '{"action":"send_text","from":"phone-number-id-…","to":"919812345678","text":"Hello"}'
  eum-social capabilities --json
`;

interface Globals {
  /** A local file for a media action (uploaded to the media bucket first, local/cli/media-file.ts). */
  file?: string;
  bucket?: string;
  endpoint?: string;
  stackUrl?: string;
  functionName?: string;
  region?: string;
  json: boolean;
  help: boolean;
}

const VALUE_GLOBALS: Record<string, keyof Globals> = {
  '--file': 'file',
  '--bucket': 'bucket',
  '--endpoint': 'endpoint',
  '--stack-url': 'stackUrl',
  '--function': 'functionName',
  '--region': 'region',
};

function splitGlobals(argv: string[]): { globals: Globals; rest: string[] } {
  const globals: Globals = { json: false, help: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const [flag, inline] = token.startsWith('--') && token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    if (flag in VALUE_GLOBALS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      (globals as unknown as Record<string, string>)[VALUE_GLOBALS[flag]!] = value;
    } else if (token === '--json') globals.json = true;
    else if (token === '--help' || token === '-h') globals.help = true;
    else rest.push(token);
  }
  return { globals, rest };
}

function target(g: Globals, env: CliIo['env']): ActionTarget {
  const chosen = [g.endpoint, g.stackUrl, g.functionName].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('choose one of --endpoint, --stack-url or --function');
  if (g.stackUrl) return stackTarget(g.stackUrl, g.region);
  if (g.functionName) return functionTarget(g.functionName, g.region);
  return localTarget(g.endpoint ?? env.EUM_SOCIAL_ENDPOINT ?? DEFAULT_ENDPOINT);
}

function coerce(field: FieldInfo | undefined, flag: string, raw: string): unknown {
  const kind = field?.kind ?? 'json';
  const json = () => {
    try {
      return JSON.parse(raw);
    } catch {
      throw new UsageError(`${flag}: expected JSON (${kind === 'array' ? 'a list like ["a","b"]' : 'an object like {"k":"v"}'}), got ${raw}`);
    }
  };
  switch (kind) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw new UsageError(`${flag}: expected a number, got "${raw}"`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw new UsageError(`${flag}: expected true or false, got "${raw}"`);
      return raw === 'true';
    case 'object':
      return json();
    case 'array':
      return raw.trim().startsWith('[') ? json() : raw;
    case 'json':
      return /^\s*[[{]/.test(raw) ? json() : raw;
    default:
      return raw;
  }
}

/** `--kebab-flag value` pairs → the action's request body, guided by its input schema. */
export function buildRequest(name: string, args: string[], definition?: ActionDefinition): Record<string, unknown> {
  const fields = definition ? actionFields(definition) : [];
  const byFlag = new Map(fields.map((f) => [f.flag, f]));
  const body: Record<string, unknown> = { action: name };
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}" (fields are given as --name value)`, name);
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const field = byFlag.get(flag);
    if (definition && fields.length && !field) {
      throw new UsageError(`unknown flag ${flag} for ${name}; its fields: ${fields.map((f) => f.flag).join(', ') || '(none)'}`, name);
    }
    const key = field?.name ?? flag.slice(2).replace(/-/g, '_');
    let raw: string | undefined = eq > 0 ? token.slice(eq + 1) : undefined;
    if (raw === undefined) {
      const next = args[i + 1];
      if (field?.kind === 'boolean') {
        if (next === 'true' || next === 'false') raw = args[++i]!;
        else raw = 'true';
      } else {
        if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${flag} needs a value`, name);
        raw = args[++i]!;
      }
    }
    const value = coerce(field, flag, raw);
    if (key in body && key !== 'action') {
      const prev = body[key];
      body[key] = Array.isArray(prev) && field?.kind === 'array' && !raw.trim().startsWith('[') ? [...prev, value] : [prev, value].flat();
    } else body[key] = field?.kind === 'array' && !Array.isArray(value) ? [value] : value;
  }
  return body;
}

function actionHelp(def: ActionDefinition): string {
  const fields = actionFields(def);
  const lines = [
    `eum-social ${def.name} — ${def.summary}`,
    `status: ${def.status}`,
    '',
    `Usage: eum-social ${def.name} ${fields
      .filter((f) => f.required)
      .map((f) => `${f.flag} <${f.kind}>`)
      .join(' ')}${fields.some((f) => !f.required) ? ' [options]' : ''}`,
    '',
    'Fields',
    table(fields.map((f) => ({ flag: f.flag, type: f.kind, required: f.required ? 'yes' : '', description: f.description ?? '' }))),
  ];
  if (def.needs.length) lines.push('', 'Needs', ...def.needs.map((n) => `  - ${n}`));
  if (def.runbook?.length) lines.push('', "Runbook (in Meta's tools)", ...def.runbook.map((s, i) => `  ${i + 1}. ${s}`));
  lines.push('', 'Also: --json, --endpoint/--stack-url/--function (see eum-social --help)');
  return lines.join('\n');
}

const COMMAND_HELP: Record<string, string> = {
  capabilities:
    'eum-social capabilities [--json]\n\nEvery action of the target with its status (supported / partial / stub), what it needs and its runbook.\nThe README capability table is generated from the same list (npx tsx scripts/capability-table.ts).',
  replay: `eum-social replay --from <ISO> [--to <ISO, default now>] [--name <replay name>] [--archive-arn <arn>] [--json]

Re-sends the domain events of a time range from the bus archive through the rules, e.g. after fixing
a handler whose events went to a DLQ. Consumers are idempotent (eventId), so what was already
processed is not processed twice.
  locally:  the runtime's archive (POST <endpoint>/events/replay); prints how many events were re-sent
  on AWS:   --archive-arn <BusArchiveArn stack output>: EventBridge StartReplay into the eum-social bus
            (asynchronous; follow it with aws events describe-replay --replay-name <name>)`,
  console: CONSOLE_HELP,
  action: `eum-social action '<json>' [--json]\n\nRuns the action given as one JSON object, e.g.\n  eum-social action '{"action":"manage_catalog"}'\nUse '-' to read the JSON from stdin.`,
};

interface Answer {
  statusCode: number;
  body: unknown;
}

function report(answer: Answer, g: Globals, io: CliIo, render: (body: unknown) => string = readable): number {
  const ok = answer.statusCode >= 200 && answer.statusCode < 300;
  if (g.json) io.stdout(JSON.stringify(answer.body, null, 2));
  if (ok) {
    if (!g.json) io.stdout(render(answer.body));
    return 0;
  }
  const err = (answer.body as { error?: { code?: string; message?: string; details?: { issues?: { field: string; rule: string }[]; known?: string[] } } }).error;
  const code = err?.code ?? `HTTP${answer.statusCode}`;
  const lines = [`error (${answer.statusCode} ${code}): ${err?.message ?? JSON.stringify(answer.body)}`];
  if (err?.details?.issues?.length) lines.push(table(err.details.issues));
  if (err?.details?.known?.length) lines.push(`known actions: ${err.details.known.join(', ')}`);
  io.stderr(lines.join('\n'));
  return code === 'ValidationError' || code === 'UnknownAction' ? 2 : 1;
}

const capabilityTable = (body: unknown) =>
  table(((body as { capabilities?: Record<string, unknown>[] }).capabilities ?? []).map((c) => ({ action: c.action, status: c.status, summary: c.summary })));

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { globals, rest } = splitGlobals(argv);
    const [command, ...args] = rest;
    const byName = new Map(actions.map((a) => [a.name, a]));
    if (!command || command === 'help') {
      (command || globals.help ? io.stdout : io.stderr)(GLOBAL_HELP);
      return command || globals.help ? 0 : 2;
    }
    if (globals.help) {
      const def = byName.get(command);
      const help = def ? actionHelp(def) : COMMAND_HELP[command];
      if (!help) throw new UsageError(`unknown command "${command}"`);
      io.stdout(help);
      return 0;
    }
    if (command === 'replay') return await replayCommand(args, globals, io);
    if (command === 'console') {
      let options: ReturnType<typeof parseConsoleArgs>;
      try {
        options = parseConsoleArgs(args, globals, io.env);
      } catch (err) {
        if (err instanceof ConsoleUsageError) throw new UsageError(err.message, 'console');
        throw err;
      }
      return await runConsoleCommand(options, io);
    }
    let body: unknown;
    let render: ((b: unknown) => string) | undefined;
    if (command === 'capabilities') {
      if (args.length) throw new UsageError('capabilities takes no arguments', 'capabilities');
      body = { action: 'list_capabilities' };
      render = capabilityTable;
    } else if (command === 'action') {
      if (args.length !== 1) throw new UsageError('action takes exactly one JSON argument', 'action');
      const text = args[0] === '-' ? (io.stdin?.() ?? '') : args[0]!;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new UsageError(`the argument is not valid JSON: ${(err as Error).message}`, 'action');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { action?: unknown }).action !== 'string') {
        throw new UsageError('the JSON must be an object with an "action" field', 'action');
      }
    } else {
      if (!/^[a-z][a-z0-9_]*$/.test(command)) throw new UsageError(`unknown command "${command}"`);
      body = buildRequest(command, args, byName.get(command));
    }
    const to = target(globals, io.env);
    if (globals.file) {
      const local = globals.stackUrl || globals.functionName ? undefined : (globals.endpoint ?? io.env.EUM_SOCIAL_ENDPOINT ?? DEFAULT_ENDPOINT);
      try {
        body = await attachLocalFile(body as Record<string, unknown>, {
          file: globals.file,
          bucket: globals.bucket ?? io.env.MEDIA_BUCKET,
          localEndpoint: local,
          region: globals.region,
        });
      } catch (err) {
        if (err instanceof MediaFileError) throw new UsageError(err.message, command);
        throw err;
      }
    }
    if (command === PAYMENT_LISTING_BACKFILL) return await backfillCommand(body as Record<string, unknown>, to, globals, io);
    let answer: Answer;
    try {
      answer = await to.send(body);
    } catch (err) {
      io.stderr(`error: cannot reach ${to.describe}: ${(err as Error).message}${globals.stackUrl || globals.functionName ? '' : ' (is the local runtime running? npm start)'}`);
      return 1;
    }
    return report(answer, globals, io, render);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`eum-social: ${err.message}\nRun 'eum-social ${err.helpFor ? `${err.helpFor} ` : ''}--help' for usage.`);
      return 2;
    }
    io.stderr(`error: ${(err as Error).message}`);
    return 1;
  }
}

/** backfill_payment_listing page after page: progress on stderr, the totals (or JSON) on stdout, the cursor to resume from when it stops. */
async function backfillCommand(request: Record<string, unknown>, to: ActionTarget, g: Globals, io: CliIo): Promise<number> {
  const run = await runPaymentListingBackfill(request, to, io.stderr);
  if (!run.stopped) {
    io.stdout(g.json ? JSON.stringify(run.totals, null, 2) : backfillSummary(run.totals));
    return 0;
  }
  const code = run.stopped.answer ? report(run.stopped.answer, g, io) : (io.stderr(`error: ${run.stopped.error}`), 1);
  const same = [run.totals.dryRun ? '--dry-run' : '', request.page_size ? `--page-size ${request.page_size}` : '', run.resumeFrom ? `--cursor ${run.resumeFrom}` : ''];
  io.stderr(`stopped after ${run.totals.pages} page(s); resume with: eum-social ${[PAYMENT_LISTING_BACKFILL, ...same].filter(Boolean).join(' ')}`);
  return code;
}

async function replayCommand(args: string[], g: Globals, io: CliIo): Promise<number> {
  let req: ReplayRequest;
  try {
    req = parseReplayArgs(args);
  } catch (err) {
    if (err instanceof ReplayUsageError) throw new UsageError(err.message, 'replay');
    throw err;
  }
  if (g.stackUrl || g.functionName) {
    if (!req.archiveArn) throw new UsageError('on AWS, replay needs --archive-arn (the stack output BusArchiveArn)', 'replay');
  }
  const result = req.archiveArn
    ? await replayOnAws({ ...req, archiveArn: req.archiveArn })
    : await replayLocally(g.endpoint ?? io.env.EUM_SOCIAL_ENDPOINT ?? DEFAULT_ENDPOINT, req);
  if (g.json) io.stdout(JSON.stringify(result, null, 2));
  else if (result.count !== undefined) io.stdout(`replayed ${result.count} event(s) from ${req.from.toISOString()} to ${req.to.toISOString()} as ${result.replayName}`);
  else io.stdout(`replay ${result.replayName} ${result.state ?? 'STARTING'} from ${result.where}; follow it: aws events describe-replay --replay-name ${result.replayName}`);
  return 0;
}

export { toFlag };
