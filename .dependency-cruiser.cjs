/**
 * The architecture of functions/, as rules. `npm run lint:arch` (part of `npm test`) checks them;
 * docs/architecture.md tells the same story in prose. Inside out:
 *
 *   events/              the event catalogue (names, schemas, rules as data): every layer may read it
 *   functions/config/    names of environment variables: read by the functions and by the stack
 *   functions/domain/    business rules in plain TypeScript: no AWS client, no I/O of its own
 *   functions/ports/     every interface the domain and the services need (stores, gateways, senders…)
 *   functions/{ingest,messaging,media,templates,waits}/
 *                        application services: one use case each, over the domain and ports passed in
 *   functions/adapters/  the ports implemented over AWS SDK clients and Razorpay
 *   functions/wiring/    composition: builds adapters from configuration, lazily, once per process
 *   functions/handlers/  the Lambda entry points: each file shows its own wiring, then calls a service
 *   functions/actions/   the action registry's entry points (HTTP, Lambda, CLI): run inside a handler
 *
 * Dependencies point inwards: entry points → wiring → adapters → ports ← services ← domain rules.
 * Nothing inside reaches back out, so the domain and the services are tested with in-memory ports,
 * and swapping an adapter touches no rule. infra/ (CDK) and local/ (the offline twin) sit outside
 * and run the same functions; the stack reads configuration names, never a composition root.
 *
 * A violation of any rule fails `npm test`: there is no list of tolerated ones.
 */
const SERVICES = 'ingest|messaging|media|templates|waits';
const OUTER = 'adapters|wiring|handlers|actions';

module.exports = {
  forbidden: [
    {
      name: 'domain-stays-pure',
      comment:
        'Business rules depend only on the event catalogue, the ports, other domain code and the logger. ' +
        'Reaching for an adapter, a service, the wiring or an entry point would tie a rule to AWS or to one function.',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { path: [`^functions/(${SERVICES}|${OUTER})/`, '^(infra|local)/'] },
    },
    {
      name: 'ports-are-interfaces-only',
      comment: 'A port says what the inside needs; it never knows who implements it or who calls it.',
      severity: 'error',
      from: { path: '^functions/ports/' },
      to: { path: [`^functions/(${SERVICES}|${OUTER})/`, '^(infra|local)/'] },
    },
    {
      name: 'services-get-adapters-passed-in',
      comment:
        'An application service (ingest, messaging, media, templates, waits) receives its adapters as arguments typed by ports. ' +
        'Importing an adapter or the wiring would hide a dependency and make the service untestable without AWS.',
      severity: 'error',
      from: { path: `^functions/(${SERVICES})/` },
      to: { path: [`^functions/(${OUTER})/`, '^(infra|local)/'] },
    },
    {
      name: 'adapters-never-import-wiring',
      comment:
        'An adapter implements a port over one outside system and is handed its configuration. ' +
        'It never reaches for the wiring, a service or an entry point (that would make it pick its own collaborators).',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: [`^functions/(${SERVICES}|wiring|handlers|actions)/`, '^(infra|local)/'] },
    },
    {
      name: 'wiring-serves-entry-points',
      comment: 'Composition roots build dependencies for the entry points; they never import an entry point.',
      severity: 'error',
      from: { path: '^functions/wiring/' },
      to: { path: ['^functions/(handlers|actions)/', '^(infra|local)/'] },
    },
    {
      name: 'actions-get-adapters-from-wiring',
      comment:
        "An action runs inside its concern's Lambda: it gets adapters from that function's wiring (the action context), " +
        "never by building one, and never by calling another function's handler.",
      severity: 'error',
      from: { path: '^functions/actions/' },
      to: { path: ['^functions/(adapters|handlers)/', '^(infra|local)/'] },
    },
    {
      name: 'actions-take-adapters-from-their-context',
      comment:
        "An action reads its concern's adapters through its context (messagingOf(ctx), templatesOf(ctx)…), which its function's handler file wires. " +
        'Calling a wiring getter itself would hide what the function needs and let a test pass with adapters the deployed function lacks. ' +
        'Types from the wiring are fine; only the contexts of a concern function and of the in-process registry build anything.',
      severity: 'error',
      from: { path: '^functions/actions/', pathNot: '^functions/actions/(concern-handler|in-process)[.]ts$' },
      to: { path: '^functions/wiring/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'functions-do-not-know-their-hosts',
      comment: 'The same function code runs on Lambda and in the offline twin: nothing under functions/ imports the CDK app or the local runtime.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|local)/' },
    },
    {
      name: 'infra-reads-names-not-wiring',
      comment:
        'The stack needs configuration names (functions/config/, event and machine names), never a composition root or an adapter: ' +
        "importing one would pull SDK clients into the CDK app. The one exception is the table's key schema, defined once by the " +
        'DynamoDB adapter that writes the keys (adapters/dynamodb/keys.ts).',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: ['^functions/(wiring|adapters|handlers|actions)/'], pathNot: '^functions/adapters/dynamodb/keys[.]ts$' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle between modules makes load order matter and hides which one is the inner layer.',
      severity: 'error',
      from: { path: '^(functions|events)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|cdk[.]out|[.]bundles|reports|coverage)/' },
    // Type-only imports count: a domain file that names an adapter's type depends on that adapter.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
  },
};
