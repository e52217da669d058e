// A section's outcome and a target line of the bench report (./report.ts), apart from it so that the sections
// (./feed-mapping.ts…) can name them while the report imports the sections' figures.

export type Section<T> = { ok: true; figures: T } | { ok: false; error: string };

export interface Target {
  name: string;
  /** Measured value as printed (ratio, count…), or null when it could not be measured. */
  value: number | null;
  shown: string;
  target: string;
  met: boolean | null;
  note?: string;
  /** A figure printed for context beside the targets, not a target itself. */
  info?: boolean;
}
