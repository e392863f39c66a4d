import { loadOnce } from '../load-once.js';

/** The Step Functions client module, imported on first use (see load-once.ts). */
export const sfnSdk = loadOnce(() => import('./sfn-commands.js'));
