// The repository's import rules, checked by `pnpm test` (`pnpm lint:deps` alone). Each rule is one
// arrow that must not exist; docs/architecture.md draws the layers they keep apart.
const gateway = '^apps/gateway/src/';
// The layers a request goes down through, below http/ and routes/.
const engineLayers = `${gateway}(providers|routing|usage|registry|targets|errors|auto-mode)/|${gateway}caller[.]ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle means two modules are one; make one of them depend on a lower third.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-import-no-app',
      comment: 'translate, db and contract are libraries: they never know which app uses them.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'translate-is-pure',
      comment: 'translate converts values; it reads no database and speaks no HTTP.',
      severity: 'error',
      from: { path: '^packages/translate/' },
      to: {
        path: '^packages/(db|contract)/|node_modules/(hono|@hono|undici|pino|drizzle-orm|postgres)/',
      },
    },
    {
      name: 'engine-never-imports-http-or-routes',
      comment:
        'providers, routing, usage and registry (and the errors, caller and targets they share) sit below the HTTP layer: nothing there may import http/, routes/ or app.ts.',
      severity: 'error',
      from: { path: engineLayers },
      to: { path: `${gateway}(http|routes)/|${gateway}app[.]ts$` },
    },
    {
      name: 'routing-calls-down-only',
      comment: 'routing picks targets and calls the engine; the engine never calls back into routing.',
      severity: 'error',
      from: { path: `${gateway}(providers|registry|usage|targets|errors)/|${gateway}caller[.]ts$` },
      to: { path: `${gateway}routing/` },
    },
    {
      name: 'registry-below-the-engine',
      comment: 'the registry is what the engine reads: it never imports the engine or usage accounting.',
      severity: 'error',
      from: { path: `${gateway}registry/` },
      to: { path: `${gateway}(providers|usage)/` },
    },
    {
      name: 'engine-reports-usage-up',
      comment:
        'the engine hands usage to hooks; it never imports usage accounting (the values it shares live in targets/).',
      severity: 'error',
      from: { path: `${gateway}providers/` },
      to: { path: `${gateway}usage/` },
    },
    {
      name: 'provider-kinds-independent',
      comment:
        'each provider kind is one folder of transport facts; two kinds never import each other (shared code lives in providers/ or providers/transport/).',
      severity: 'error',
      from: { path: `${gateway}providers/(openai|anthropic)/` },
      to: { path: `${gateway}providers/(openai|anthropic)/`, pathNot: `${gateway}providers/$1/` },
    },
    {
      name: 'errors-are-the-floor',
      comment: 'error values are imported by every layer, so they import no other gateway module.',
      severity: 'error',
      from: { path: `${gateway}errors/` },
      to: { path: gateway, pathNot: `${gateway}errors/` },
    },
    {
      name: 'db-knows-no-http',
      comment: 'the database layer is used by the CLI and the server alike; HTTP stays in the gateway.',
      severity: 'error',
      from: { path: '^packages/db/' },
      to: { path: 'node_modules/(hono|@hono|undici)/|^(node:)?(http|https|http2)$' },
    },
    {
      name: 'spa-imports-only-contract',
      comment:
        'the admin SPA talks to the gateway over its HTTP API: of the workspace it may import @aurora/contract only.',
      severity: 'error',
      from: { path: '^apps/admin/src/' },
      to: { path: '^(packages/(?!contract/)|apps/(?!admin/))' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage|test-results)/' },
    // Type-only imports are arrows too: a type from a higher layer ties the layers together.
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    // Workspace packages are resolved through their `exports` to their sources, so that rules see them.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
