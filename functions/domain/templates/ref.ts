import * as z from 'zod';

/** How TemplateApproval names its template: Meta's id, or (built in Business Manager) name + language. */
export const ReviewedTemplateRef = z.object({
  metaTemplateId: z.string().min(1).nullish(),
  name: z.string().min(1),
  language: z.string().min(1),
  version: z.number().int().positive(),
});
