/**
 * The credentials a principal (a function, a state machine, a rule target role) signs its local AWS
 * calls with. Placeholder until the IAM enforcement lands: every principal gets the runtime's shared
 * loopback credentials, so the endpoints cannot yet tell callers apart.
 */
export function localCredentialsFor(_principal: string): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: 'local', secretAccessKey: 'local' };
}
