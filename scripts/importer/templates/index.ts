import type { ImportKind } from '../../../contracts';
import { htmlTemplate } from './html';
import { jsonTemplate } from './json';
import { jsonldTemplate } from './jsonld';
import { renderTemplate, type TemplateFiles, type TemplateInput } from './shared';
import { xmlTemplate } from './xml';

export type { TemplateFiles, TemplateInput } from './shared';

/** One scaffold per import kind: a typed definition, a fixture with two French jobs, and a test that passes as is. */
export const TEMPLATES: Record<ImportKind, (input: TemplateInput) => TemplateFiles> = {
  html: (input) => renderTemplate(htmlTemplate, input),
  xml: (input) => renderTemplate(xmlTemplate, input),
  json: (input) => renderTemplate(jsonTemplate, input),
  jsonld: (input) => renderTemplate(jsonldTemplate, input),
};
