import { createApp } from '../app.js';

/**
 * `npm run synth` / `npx cdk deploy`. Synth needs no AWS account: the stack is environment-agnostic
 * unless CDK_DEFAULT_ACCOUNT/REGION are set (then deploy targets them). Settings: infra/config.ts.
 */
createApp();
