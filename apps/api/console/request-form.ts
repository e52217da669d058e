/**
 * The new request's free-text fields as POST /imports's body: contacts and credential references are typed one a
 * line, comma-separated, so the form stays a plain server-rendered textarea.
 */

const lines = (text: unknown): string[] =>
  String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const parts = (line: string): string[] =>
  line
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

const PHONE = /^\+?[\d\s().-]{4,30}$/;

/** `name, role, email, phone` — after the name, in any order: an e-mail has an @, a phone is digits, else the role. */
export function parseContacts(text: unknown): Record<string, string>[] {
  return lines(text).map((line) => {
    const [name = '', ...rest] = parts(line);
    const contact: Record<string, string> = { name };
    for (const part of rest) {
      const key = part.includes('@') ? 'email' : PHONE.test(part) ? 'phone' : 'role';
      contact[key] = contact[key] ? `${contact[key]}, ${part}` : part;
    }
    return contact;
  });
}

/** `SECRET_NAME, purpose`: the purpose is everything after the first comma. */
export function parseCredentialRefs(text: unknown): Record<string, string>[] {
  return lines(text).map((line) => {
    const comma = line.indexOf(',');
    const name = (comma < 0 ? line : line.slice(0, comma)).trim();
    const purpose = comma < 0 ? '' : line.slice(comma + 1).trim();
    const ref: Record<string, string> = { name };
    if (purpose) ref.purpose = purpose;
    return ref;
  });
}

/** Contacts and credential references back as the form's lines (to pre-fill or show them). */
export const contactLine = (c: { name: string; role?: string | undefined; email?: string | undefined; phone?: string | undefined }): string =>
  [c.name, c.role, c.email, c.phone].filter(Boolean).join(', ');
