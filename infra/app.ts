import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.js';
import { EumSocialStack } from './stack.js';

export const DEFAULT_STACK_NAME = 'EumSocialWorkflows';

/** The CDK app (bin/app.ts and the infra tests build it the same way). */
export function createApp(props: AppProps = {}): { app: App; stack: EumSocialStack; nag: AwsSolutionsChecks } {
  const app = new App(props);
  const stackName: string = app.node.tryGetContext('stackName') ?? DEFAULT_STACK_NAME;
  const stack = new EumSocialStack(app, stackName, {
    description: 'EUM Social workflows: WhatsApp Business on AWS End User Messaging, the gaps closed',
    config: readConfig(app),
    env: process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } : undefined,
  });
  // Every AwsSolutions finding fails the synth unless acknowledged with a reason (infra/nag.ts).
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}
