// The one HTML escape of the server-rendered pages (ops dashboard, client preview, sign-in form): every string
// that reaches a page goes through it, in content and in double- or single-quoted attributes.
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
