import * as z from 'zod';
import { CATALOG_STUB, PROFILE_RUNBOOK, PROFILE_STUB } from '../domain/messaging/capability-guides.js';
import { OriginationId } from '../domain/messaging/schemas.js';
import { defineAction, messagingOf, type ActionDefinition } from './types.js';

/** Stubs answer with guidance whatever else the caller sent: the question is the point. */
const manageCatalog = defineAction({
  name: 'manage_catalog',
  status: 'stub',
  summary: 'Catalog management is not possible through EUM Social: answers with the Commerce Manager runbook',
  needs: ['Meta Commerce Manager access for the Business that owns the WABA'],
  runbook: CATALOG_STUB.runbook,
  input: z.object({ action: z.literal('manage_catalog') }).loose(),
  run: async () => CATALOG_STUB,
});

const updateBusinessProfile = defineAction({
  name: 'update_business_profile',
  status: 'stub',
  summary: 'Business profile changes are not possible through EUM Social: answers with the WhatsApp Manager runbook',
  needs: ['WhatsApp Manager access for the phone number'],
  runbook: PROFILE_STUB.runbook,
  input: z.object({ action: z.literal('update_business_profile') }).loose(),
  run: async () => PROFILE_STUB,
});

const NOT_EXPOSED = [
  'about',
  'description',
  'address',
  'email',
  'websites',
  'vertical',
  'profile photo',
  'messaging limit tier (recorded from phone.quality_changed events: get_quality_history)',
];

const getBusinessProfile = defineAction({
  name: 'get_business_profile',
  status: 'partial',
  summary: 'What EUM exposes read-only for the phone number (display name, verified name, quality rating…); the rest is in WhatsApp Manager',
  needs: ['social-messaging:GetLinkedWhatsAppBusinessAccountPhoneNumber'],
  runbook: PROFILE_RUNBOOK,
  input: z.object({ action: z.literal('get_business_profile'), from: OriginationId }),
  async run(i, ctx) {
    const profile = await messagingOf(ctx).phoneNumbers.get(i.from);
    return {
      status: 'partial',
      supported: 'partial',
      profile,
      notExposedByEum: NOT_EXPOSED,
      runbook: PROFILE_RUNBOOK,
      links: PROFILE_STUB.links,
      alternatives: ['get_quality_history (quality rating and messaging-limit history)', 'update_business_profile (the WhatsApp Manager runbook)'],
    };
  },
});

export const capabilityActions: ActionDefinition[] = [manageCatalog, updateBusinessProfile, getBusinessProfile] as ActionDefinition[];
