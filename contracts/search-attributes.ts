import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes Liaison writes on its workflows, so Temporal UI can filter them
 * (e.g. `Stage = "in_review" AND Assignee = "alice"`). The dev server registers them at start-up
 * from this list; a production cluster needs `temporal operator search-attribute create` once.
 */
export const SEARCH_ATTRIBUTES = {
  ImportId: defineSearchAttributeKey('ImportId', SearchAttributeType.KEYWORD),
  ClientId: defineSearchAttributeKey('ClientId', SearchAttributeType.KEYWORD),
  Environment: defineSearchAttributeKey('Environment', SearchAttributeType.KEYWORD),
  Stage: defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD),
  RunOutcome: defineSearchAttributeKey('RunOutcome', SearchAttributeType.KEYWORD),
  Assignee: defineSearchAttributeKey('Assignee', SearchAttributeType.KEYWORD),
} as const;

/** `KEY=Type` pairs in the form `temporal server start-dev --search-attribute` expects. */
export function searchAttributeFlags(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).map((key) => `${key.name}=${cliTypeName(key.type)}`);
}

function cliTypeName(type: SearchAttributeType): string {
  switch (type) {
    case SearchAttributeType.KEYWORD:
      return 'Keyword';
    case SearchAttributeType.TEXT:
      return 'Text';
    case SearchAttributeType.INT:
      return 'Int';
    case SearchAttributeType.DOUBLE:
      return 'Double';
    case SearchAttributeType.BOOL:
      return 'Bool';
    case SearchAttributeType.DATETIME:
      return 'Datetime';
    case SearchAttributeType.KEYWORD_LIST:
      return 'KeywordList';
  }
}
