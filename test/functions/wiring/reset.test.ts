import { afterEach, describe, expect, it } from 'vitest';
import { mediaAdapters } from '../../../functions/wiring/media.js';
import { messagingAdapters } from '../../../functions/wiring/messaging.js';
import { resetLiveWiring } from '../../../functions/wiring/reset.js';

const saved = process.env.MEDIA_BUCKET;

describe('resetLiveWiring (the local runtime restarting in one process)', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.MEDIA_BUCKET;
    else process.env.MEDIA_BUCKET = saved;
    resetLiveWiring();
  });

  it('builds the media adapters again from the new environment', () => {
    process.env.MEDIA_BUCKET = 'bucket-first-runtime';
    expect(mediaAdapters().bucket?.name).toBe('bucket-first-runtime');
    resetLiveWiring();
    process.env.MEDIA_BUCKET = 'bucket-second-runtime';
    expect(mediaAdapters().bucket?.name).toBe('bucket-second-runtime');
  });

  it('drops the messaging adapters, with the Meta → EUM phone ids their sender looked up', () => {
    const first = messagingAdapters();
    expect(messagingAdapters()).toBe(first);
    resetLiveWiring();
    expect(messagingAdapters()).not.toBe(first);
  });
});
