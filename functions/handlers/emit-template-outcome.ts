import * as z from 'zod';
import { emitApprovalOutcome } from '../domain/templates/service.js';
import { templateDeps } from '../workflows/template-deps.js';

const Input = z.object({
  metaTemplateId: z.string().min(1),
  version: z.number().int().positive(),
  outcome: z.enum(['APPROVED', 'REJECTED', 'TIMED_OUT']),
  reason: z.string().optional(),
  startedAt: z.string().optional(),
});

/** TemplateApproval Task: publishes the one outcome event of this review version. */
export const handler = async (event: unknown) => emitApprovalOutcome(Input.parse(event), templateDeps());
