import { createApp } from '/work/main/infra/app.js';
const { nag, app } = createApp({ context: { 'aws:cdk:bundling-stacks': [] } });
const r = nag.validateScope(app);
console.log(JSON.stringify(r.violations.map((v: any) => ({ rule: v.ruleName, res: v.violatingResources?.map((x: any) => x.resourceLogicalId + ' ' + (x.locations ?? []).join(',')) })), null, 1).slice(0, 3000));
