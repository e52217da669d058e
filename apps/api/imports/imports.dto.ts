import { z } from 'zod';
import { calendarDate, IMPORT_KINDS, prioritySchema } from '../../../contracts';
import { looksLikeSecretValue, SECRET_NAME } from '../../../importers/config-check';

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

/** Someone at the client to reach about the import. */
export const contactSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'a contact needs a name' }).max(200),
  role: optionalText(200),
  email: z.email({ error: 'must be an e-mail address' }).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{4,30}$/, { error: 'must be a phone number (digits, spaces, + - . ( ))' })
    .optional(),
});

/** A credential the import needs, named as a secret reference: `{ "$secret": "NAME" }` — never the value itself. */
export const credentialRefSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .max(100, { error: 'must be a secret NAME (at most 100 characters), not its value' })
    .regex(SECRET_NAME, { error: 'must be a secret NAME (letters, digits, _ . -) as in { "$secret": "NAME" }, not its value' })
    .refine((name) => !looksLikeSecretValue(name), { error: 'looks like a secret value: give the NAME it is stored under, as in { "$secret": "NAME" }' }),
  purpose: optionalText(300),
});

/** Today as YYYY-MM-DD (UTC). */
const today = (): string => new Date().toISOString().slice(0, 10);

export const createImportSchema = z.strictObject({
  /** Client name; created on first use. */
  client: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(IMPORT_KINDS),
  sourceUrls: z.array(z.url({ protocol: /^https?$/ })).min(1).max(50),
  priority: prioritySchema.default(3),
  /** The account manager filing it: the API key's member (may be left out; another name is refused). */
  requestedBy: z.string().trim().min(1).max(200).optional(),
  /** People at the client to reach about the import. */
  contacts: z.array(contactSchema).max(20, { error: 'at most 20 contacts' }).default([]),
  /** Credentials the import will need, by secret name only (their values go in the secrets store). */
  credentialRefs: z.array(credentialRefSchema).max(20, { error: 'at most 20 credentials' }).default([]),
  /** The account manager's wish, YYYY-MM-DD, today or later (the lead's plan sets its own). */
  // `when`: only a real date is compared (a malformed one gets the format's message alone).
  wantedDate: calendarDate.refine((d) => d >= today(), { error: 'must be today or later', when: (p) => p.issues.length === 0 }).optional(),
});
export type CreateImport = z.infer<typeof createImportSchema>;

export const listImportsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListImports = z.infer<typeof listImportsSchema>;

export const importIdSchema = z.uuid({ message: 'import id must be a UUID' });

/** OpenAPI schema of a zod schema, for @ApiBody. */
export const openApi = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
