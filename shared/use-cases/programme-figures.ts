import { APPLICATION_STATUSES, type ApplicationStatus } from '#shared/domain/application';
import { isActiveExpert } from '#shared/domain/assignment';
import { dayOf, summarizeWindow, type WindowFigures, windowDays } from '#shared/domain/figures';
import type { Clock, Directory, Figures } from '#shared/use-cases/ports';

/** The windows the figures are given for, in days. */
export const FIGURE_WINDOWS = [30, 90] as const;

export interface ExpertLoad {
  expertId: string;
  name: string;
  institution: string;
  active: boolean;
  /** Reviews the expert holds now. */
  openReviews: number;
  /** Reviews given to the expert in each window, by window length. */
  assigned: Record<string, number>;
}

export interface ProgrammeFigures {
  generatedAt: string;
  /** Applications in each status now. */
  countsByStatus: Record<ApplicationStatus, number>;
  windows: Array<Omit<WindowFigures, 'assignedByExpert'>>;
  expertLoad: {
    /** Over the active experts. */
    maxOpenReviews: number;
    meanOpenReviews: number;
    experts: ExpertLoad[];
  };
}

export interface ProgrammeFiguresDeps {
  figures: Pick<Figures, 'read'>;
  directory: Pick<Directory, 'listExperts'>;
  clock: Clock;
}

/**
 * The programme's figures: counts by status now, and for the last 30 and 90
 * days (UTC days, today included) the applications that entered each status,
 * median and p90 time per stage, the approval rate, missed deadlines; and the
 * load of every expert. Reads the running aggregates (91 small items) and the
 * expert directory: never the applications.
 */
export async function programmeFigures(deps: ProgrammeFiguresDeps): Promise<ProgrammeFigures> {
  const now = deps.clock.now();
  const longest = Math.max(...FIGURE_WINDOWS);
  const days = windowDays(dayOf(now.toISOString()), longest);
  const [snapshot, experts] = await Promise.all([deps.figures.read(days), deps.directory.listExperts()]);
  const windows = FIGURE_WINDOWS.map((length) => summarizeWindow(days.slice(-length), snapshot.byDay));

  const load = experts
    .map(
      (expert): ExpertLoad => ({
        expertId: expert.expertId,
        name: expert.name,
        institution: expert.institution,
        active: isActiveExpert(expert),
        // A counter nudged by crashes may dip below zero: a load is never negative.
        openReviews: Math.max(0, expert.openAssignments ?? 0),
        assigned: Object.fromEntries(
          windows.map((window) => [String(window.days), window.assignedByExpert[expert.expertId] ?? 0]),
        ),
      }),
    )
    .sort((a, b) => b.openReviews - a.openReviews || (a.expertId < b.expertId ? -1 : 1));
  const active = load.filter((expert) => expert.active);
  const totalOpen = active.reduce((sum, expert) => sum + expert.openReviews, 0);

  return {
    generatedAt: now.toISOString(),
    countsByStatus: Object.fromEntries(
      APPLICATION_STATUSES.map((status) => [status, Math.max(0, snapshot.inStatus[status] ?? 0)]),
    ) as Record<ApplicationStatus, number>,
    windows: windows.map(({ assignedByExpert: _byExpert, ...window }) => window),
    expertLoad: {
      maxOpenReviews: active.reduce((max, expert) => Math.max(max, expert.openReviews), 0),
      meanOpenReviews: active.length === 0 ? 0 : Math.round((totalOpen / active.length) * 100) / 100,
      experts: load,
    },
  };
}
