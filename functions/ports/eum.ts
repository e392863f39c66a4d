/**
 * EUM Social as the services see it: sending, phone numbers, templates, Flows and media.
 * Adapters in adapters/eum/ implement these over the SocialMessaging SDK; tests use fakes.
 */
import type { GetWhatsAppFlowOutput, MetaLibraryTemplate, MetaLibraryTemplateDefinition } from '@aws-sdk/client-socialmessaging';

export interface WhatsAppSender {
  /** Sends Meta's message JSON through EUM; returns EUM's message id (not Meta's wamid). */
  send(originationPhoneNumberId: string, message: Record<string, unknown>): Promise<{ eumMessageId: string }>;
  /** Meta's phone_number_id (what webhooks carry) for an EUM phone number id. */
  metaPhoneNumberId(originationPhoneNumberId: string): Promise<string>;
}

/** The read-only phone number details EUM exposes (GetLinkedWhatsAppBusinessAccountPhoneNumber). */
export interface PhoneNumberProfile {
  phoneNumberId?: string;
  metaPhoneNumberId?: string;
  arn?: string;
  phoneNumber?: string;
  displayPhoneNumber?: string;
  /** Meta's verified display name of the number. */
  displayPhoneNumberName?: string;
  qualityRating?: string;
  dataLocalizationRegion?: string;
  linkedWhatsAppBusinessAccountId?: string;
}

export interface PhoneNumberReader {
  get(originationPhoneNumberId: string): Promise<PhoneNumberProfile>;
}

export interface PhoneNumberInfo {
  /** EUM's id, `phone-number-id-…` (what EUM APIs take). */
  eumPhoneNumberId: string;
  /** Meta's phone_number_id (what webhooks and our message items carry). */
  metaPhoneNumberId: string;
  displayPhoneNumber?: string;
  /** Meta's verified display name of the number. */
  displayPhoneNumberName?: string;
  qualityRating?: string;
  /** EUM's linked WABA id, `waba-…`. */
  linkedWabaId?: string;
  /** Meta's WABA id (webhooks' `entry.id`) and the WABA's name, when read from the account (list()). */
  metaWabaId?: string;
  wabaName?: string;
}

/** The phone numbers linked to EUM Social and their current quality rating. */
export interface PhoneNumberDirectory {
  list(): Promise<PhoneNumberInfo[]>;
  /** By EUM id (`phone-number-id-…`) or by Meta phone_number_id (resolved through list()). */
  get(id: string): Promise<PhoneNumberInfo | undefined>;
}

export interface TemplateQualityInfo {
  /** Meta's template id (what template webhooks carry). */
  templateId: string;
  templateName?: string;
  language?: string;
  qualityScore?: string;
}

/** Templates' quality scores as EUM lists them (ListWhatsAppMessageTemplates → templateQualityScore). */
export interface TemplateQualityReader {
  list(linkedWabaId: string): Promise<TemplateQualityInfo[]>;
}

/** Template management through EUM Social: Meta's template JSON passes through as bytes. */
export interface TemplateApi {
  create(wabaId: string, definition: unknown): Promise<{ metaTemplateId: string; status: string; category?: string }>;
  createFromLibrary(wabaId: string, template: MetaLibraryTemplate): Promise<{ metaTemplateId: string; status: string; category?: string }>;
  update(wabaId: string, metaTemplateId: string, edit: { components?: unknown[]; category?: string; parameterFormat?: string }): Promise<void>;
  delete(wabaId: string, name: string, metaTemplateId?: string): Promise<void>;
  /** Meta's template object (name, language, status, category, components, rejected_reason…). */
  get(wabaId: string, metaTemplateId: string): Promise<MetaTemplate>;
  list(wabaId: string): Promise<TemplateSummary[]>;
  library(wabaId: string, filters?: Record<string, string>, nextToken?: string): Promise<{ templates: MetaLibraryTemplateDefinition[]; nextToken?: string }>;
}

export interface MetaTemplate {
  id?: string;
  name?: string;
  language?: string;
  status?: string;
  category?: string;
  components?: unknown[];
  rejected_reason?: string;
  parameter_format?: string;
}

export interface TemplateSummary {
  metaTemplateId: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  qualityScore?: string;
}

/** WhatsApp Flow management through EUM Social (the SDK's *WhatsAppFlow operations). */
export interface FlowManager {
  create(input: {
    wabaId: string;
    name: string;
    categories: string[];
    flowJson?: Uint8Array;
    publish?: boolean;
    cloneFlowId?: string;
  }): Promise<{ flowId: string; validationErrors: string[] }>;
  update(input: { wabaId: string; flowId: string; name?: string; categories?: string[] }): Promise<void>;
  updateAssets(input: { wabaId: string; flowId: string; flowJson: Uint8Array }): Promise<{ validationErrors: string[] }>;
  publish(wabaId: string, flowId: string): Promise<void>;
  get(wabaId: string, flowId: string): Promise<FlowDetails>;
  preview(wabaId: string, flowId: string, invalidate?: boolean): Promise<{ previewUrl?: string; expiresAt?: string }>;
  list(wabaId: string, opts?: { nextToken?: string; maxResults?: number }): Promise<{ flows: FlowSummary[]; nextToken?: string }>;
  listAssets(wabaId: string, flowId: string): Promise<{ name?: string; assetType?: string; downloadUrl?: string }[]>;
  deprecate(wabaId: string, flowId: string): Promise<void>;
  delete(wabaId: string, flowId: string): Promise<void>;
}

export type FlowDetails = Omit<GetWhatsAppFlowOutput, '$metadata'>;

export interface FlowSummary {
  flowId?: string;
  flowName?: string;
  flowStatus?: string;
  categories: string[];
  validationErrors: string[];
}

export interface S3ObjectRef {
  bucket: string;
  key: string;
}

/** EUM Social's media operations (WhatsApp media ids ↔ S3 objects). */
export interface WhatsAppMediaApi {
  /** Downloads an inbound media id into S3 through a presigned PUT URL (the exact key is ours). Sizes in bytes. */
  download(originationPhoneNumberId: string, mediaId: string, destination: { url: string; headers: Record<string, string> }): Promise<{ mimeType?: string; sizeBytes?: number }>;
  /** Uploads an S3 object to WhatsApp; returns the media id to send. */
  upload(originationPhoneNumberId: string, source: S3ObjectRef): Promise<{ mediaId: string }>;
  delete(originationPhoneNumberId: string, mediaId: string): Promise<void>;
  /** Turns an S3 object into the header handle a media template needs. `wabaId`: EUM's linked account id. */
  templateHeaderHandle(wabaId: string, source: S3ObjectRef): Promise<{ handle: string }>;
}
