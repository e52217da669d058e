/**
 * The team's roles. Who may take which lifecycle decision is in the transitions table (contracts/transitions.ts),
 * read by the API's permission table and by the workflow's role check alike.
 */
export const MEMBER_ROLES = ['account_manager', 'developer', 'lead', 'ops'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A member's handle: `<role-ish prefix>.<name>`, lower case, e.g. `dev.alice`, `am.claire`. */
export const MEMBER_HANDLE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/** What every decision request may carry: the role of the member who sends it (the API fills it from the key). */
export interface ActorRole {
  role?: MemberRole;
}

/** The daily digest of account managers: one Temporal Schedule starting the `dailyDigest` workflow. */
export const DIGEST_SCHEDULE_ID = 'daily-digest';
export const dailyDigestWorkflowId = (day: string): string => `daily-digest:${day}`;

export interface DailyDigestInput {
  /** YYYY-MM-DD; default the workflow's start day (UTC). */
  day?: string;
}

export interface DigestImport {
  id: string;
  name: string;
  clientName: string;
  stage: string;
  wantedDate: string | null;
  assignee: string | null;
  /** The dossier's path (absent from digests written before). */
  dossier?: string;
}

/** A blocked import waiting on the account manager, or on their client (relayed by them). */
export interface DigestBlocked {
  importId: string;
  name: string;
  clientName: string;
  stage: string;
  kind: string;
  reason: string;
  waitingOn: string;
  blockedBy: string;
  /** ISO time of the block, and the calendar days from its day to the digest's day (UTC). */
  since: string;
  days: number;
  unusualPoints: string[];
  dossier: string;
}

/** What an account manager reads each morning: their clients' imports and what needs them. */
export interface DigestContent {
  day: string;
  /** Their imports (not cancelled) per stage. */
  byStage: Record<string, number>;
  /** Wanted date passed and not live yet. */
  overdue: DigestImport[];
  /** Waiting on them: the client's validation, the hand-off checklist, questions addressed to them. */
  waitingOnYou: {
    imports: DigestImport[];
    questions: { importId: string; id: number; askedBy: string; text: string }[];
    /** Blocks waiting on them, or on the client of one of their imports (kinds client_information, account_management). Absent from digests written before. */
    blocked?: DigestBlocked[];
  };
  /**
   * With what the dossier says about them (db/dossier-brief.ts): unusual points, the run-book entries for what
   * failed, the last resolution of this kind, the dossier's link. Absent from digests written before.
   */
  openIncidents: {
    id: number;
    importId: string;
    kind: string;
    status: string;
    environment: string;
    unusualPoints?: string[];
    runBook?: { key: string; text: string }[];
    lastTime?: string | null;
    dossier?: string;
  }[];
}
