import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

/**
 * Razorpay's secrets live in Secrets Manager; functions get only the secret's ARN in their
 * environment and read the value at run time (cached), so a value never reaches env or logs.
 * The stack creates them with a random placeholder: put the real values in after deploy (README).
 */
export class RazorpaySecrets extends Construct {
  /** The webhook secret set in Razorpay Dashboard → Webhooks (HMAC-SHA256 key). */
  readonly webhook: Secret;
  /** `{"keyId": "rzp_…", "keySecret": "…"}` from Razorpay Dashboard → API Keys. */
  readonly api: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.webhook = new Secret(this, 'WebhookSecret', {
      description: 'Razorpay webhook secret (Dashboard → Webhooks); replace the generated placeholder after deploy',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new Secret(this, 'ApiKey', {
      description: 'Razorpay API key as {"keyId","keySecret"} (Dashboard → API Keys); replace the generated placeholder after deploy',
      generateSecretString: { secretStringTemplate: JSON.stringify({ keyId: 'rzp_test_replace_me' }), generateStringKey: 'keySecret' },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const secret of [this.webhook, this.api]) {
      acknowledge(
        secret,
        'AwsSolutions-SMG4',
        'Issued by Razorpay: rotation happens in the Razorpay Dashboard (a Lambda rotation cannot mint Razorpay keys); the README runbook covers rotating both sides.',
      );
    }
  }
}
