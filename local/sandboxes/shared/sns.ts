import { randomUUID } from 'node:crypto';

/**
 * A message as SNS posts it to an HTTPS subscriber (the EUM event destination's topic). Unsigned:
 * the twin's ingress does not verify SNS signatures. Posting the same string again is an
 * at-least-once redelivery; another `messageId` is another notification of the same message.
 */
export function snsNotification(message: string, messageId: string = randomUUID(), at: Date = new Date()): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: 'arn:aws:sns:local:000000000000:eum-social-events',
    Message: message,
    Timestamp: at.toISOString(),
    SignatureVersion: '1',
    Signature: 'local',
    SigningCertURL: 'https://sns.local.amazonaws.com/local.pem',
    UnsubscribeURL: 'https://sns.local.amazonaws.com/?Action=Unsubscribe',
  });
}
