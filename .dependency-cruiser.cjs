/**
 * The architecture, as rules `npm run lint:arch` (part of `npm test`) enforces.
 * docs/architecture.md tells the same story in prose. The layers of functions/, inside out:
 *
 *   events/             the event catalogue (names, schemas, rules as data): everyone may read it
 *   functions/domain/   business rules: plain TypeScript, no AWS client, no I/O of its own
 *   functions/ports/    the interfaces the domain and the services need (stores, gateways, senders…)
 *   functions/{ingest,messaging,media,waits,actions}/
 *                       application services: one use case each, over the domain and the ports
 *   functions/adapters/ the ports implemented over AWS SDK clients and Razorpay
 *   functions/wiring/   the composition roots: the only code that picks an adapter for a port
 *   functions/handlers/ the Lambda entry points: each one parses its input, asks wiring for its
 *                       dependencies and calls a service
 *
 * Dependencies point inwards: handlers → wiring → adapters → ports/domain. Nothing inside may
 * reach back out, so the domain can be tested with in-memory ports and an adapter can be swapped
 * without touching a rule. infra/ (CDK) and local/ (the offline twin) sit outside and build the
 * same functions; the stack reads configuration names, never a composition root.
 */
const SERVICES = '^functions/(ingest|messaging|media|waits|actions)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-stays-pure',
      comment:
        'Business rules depend only on the event catalogue, the ports, other domain code and the logger. ' +
        'Reaching for an adapter, a service, the wiring or a handler would tie a rule to AWS or to one entry point.',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { path: ['^functions/(adapters|handlers|wiring|ingest|messaging|media|waits|actions)/', '^functions/wiring[.]ts$', '^infra/', '^local/'] },
    },
    {
      name: 'ports-are-interfaces-only',
      comment: 'A port describes what the inside needs; it never knows who implements it, so it imports no adapter and no wiring.',
      severity: 'error',
      from: { path: '^functions/ports/' },
      to: { path: ['^functions/(adapters|handlers|wiring|ingest|messaging|media|waits|actions)/', '^infra/', '^local/'] },
    },
    {
      name: 'services-use-ports-not-adapters',
      comment:
        'An application service (ingest, messaging, media, waits, actions) gets its adapters passed in, typed by ports. ' +
        'Importing an adapter or the wiring would hide a dependency and make it untestable without AWS.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: ['^functions/(adapters|handlers)/', '^infra/', '^local/'] },
    },
    {
      name: 'adapters-never-import-wiring',
      comment:
        'An adapter implements a port over one outside system and is handed its configuration. ' +
        'It never reaches for the wiring, a handler, a service or another concern\'s use case.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: ['^functions/(handlers|wiring|ingest|messaging|media|waits|actions)/', '^functions/wiring[.]ts$', '^infra/', '^local/'] },
    },
    {
      name: 'wiring-is-not-entry-points',
      comment: 'Composition roots build dependencies; the handlers use them, not the other way round.',
      severity: 'error',
      from: { path: '^functions/wiring/' },
      to: { path: ['^functions/handlers/', '^infra/', '^local/'] },
    },
    {
      name: 'functions-do-not-know-their-hosts',
      comment: 'The same function code runs on Lambda and in the offline twin: nothing under functions/ imports the CDK app or the local runtime.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: ['^infra/', '^local/'] },
    },
    {
      name: 'infra-reads-names-not-wiring',
      comment:
        'The stack needs configuration names (environment variables, function and machine names), never a composition root: ' +
        'importing one would pull adapters and SDK clients into the CDK app.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: ['^functions/(wiring|adapters|handlers)/', '^functions/wiring[.]ts$'] },
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
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
