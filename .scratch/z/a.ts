import { z } from 'zod'; export const handler = () => z.object({a: z.string()}).parse({a:'x'});
