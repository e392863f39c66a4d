import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app.js';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const build = (context: Record<string, unknown> = {}) => createApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });

/** The media bucket (issue 19) and who may touch it. */
describe('media bucket', () => {
  let template: Template;
  let resources: Resources;
  beforeAll(() => {
    template = Template.fromStack(build({ mediaInboundExpiryDays: 7 }).stack);
    resources = template.toJSON().Resources as Resources;
  });
  const fn = (name: string) => Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(`Functions${name}`) && !id.includes('LogRetention'));
  const policyOf = (fnLogicalId: string) => {
    const role = (resources[fnLogicalId]!.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === role))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  };
  const actionsOf = (statements: { Action: string | string[] }[]) => statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:') || a.includes('Media'));

  it('is encrypted, blocks public access, refuses plain HTTP and expires inbound media per context', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'inbound-expiry', Prefix: 'inbound/', ExpirationInDays: 7, Status: 'Enabled' })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('store-media may read the bucket, write only under inbound/, and fetch media; nothing else', () => {
    const [id, storeMedia] = fn('StoreMedia')!;
    expect(storeMedia.Properties.Environment.Variables.MEDIA_BUCKET).toBeDefined();
    const statements = policyOf(id);
    expect(actionsOf(statements).sort()).toEqual(
      [
        's3:GetObject',
        's3:PutObject',
        'social-messaging:DeleteWhatsAppMessageMedia',
        'social-messaging:GetWhatsAppMessageMedia',
        'social-messaging:PostWhatsAppMessageMedia',
      ].sort(),
    );
    const put = statements.find((s) => s.Action === 's3:PutObject')!;
    expect(JSON.stringify(put.Resource)).toContain('/inbound/*');
  });

  it('actions reads media (presigned URLs, upload sources) and never writes the bucket; other functions cannot touch it', () => {
    const [actionsId] = fn('Actions')!;
    const actions = actionsOf(policyOf(actionsId));
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('s3:PutObject');
    const [recordId] = fn('RecordMessage')!;
    expect(actionsOf(policyOf(recordId))).toEqual([]);
  });
});
