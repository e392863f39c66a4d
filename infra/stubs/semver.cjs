'use strict';
// Stands in for `semver` in the Lambda bundles (LAMBDA_ALIASES in infra/bundling.ts). Its only importer
// there, aws-xray-sdk-core's patchers/aws_p.js, calls it from captureAWS alone, the patcher of the whole
// AWS SDK v2; this project runs SDK v3 and traces clients with captureAWSv3Client. Loud if that changes.
function stubbed() {
  throw new Error("semver is stubbed in the Lambda bundles (infra/stubs/semver.cjs): only X-Ray's AWS SDK v2 patcher (captureAWS) calls it");
}
module.exports = { gte: stubbed };
