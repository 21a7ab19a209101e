import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ProgrammeDashboard } from '#infra/constructs/programme-dashboard';
import { FIGURE_METRICS } from '#shared/catalog';

/** The CloudWatch dashboard of the programme figures (its metrics are published by the functions). */
function dashboardBody(): { widgets: Array<{ type: string; properties: Record<string, unknown> }> } {
  const stack = new Stack(new App(), 'Dashboard', {
    env: { account: '123456789012', region: 'eu-central-1' },
  });
  new ProgrammeDashboard(stack, 'ProgrammeFigures', { service: 'ClusterMembership' });
  const template = Template.fromStack(stack);
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard?.Properties.DashboardBody;
  // A body with no tokens synthesizes as a plain string; otherwise Fn::Join of strings.
  const text = typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).join('');
  return JSON.parse(text);
}

describe('the programme figures dashboard', () => {
  const body = dashboardBody();
  const graphs = body.widgets.filter((widget) => widget.type === 'metric');
  const titled = (title: RegExp) => graphs.find((widget) => title.test(String(widget.properties.title)));
  /** The widget's metrics as text: its SEARCH expressions read as written. */
  const expressions = (title: RegExp) =>
    JSON.stringify((titled(title)?.properties.metrics as unknown[] | undefined) ?? []).replaceAll('\\"', '"');

  it('shows applications by status, found by SEARCH so a new status appears by itself', () => {
    const now = expressions(/in each status \(now/);
    expect(now).toContain(`MetricName="${FIGURE_METRICS.inStatus}"`);
    expect(now).toContain('{ClusterProgramme,Status,service}');
    expect(now).toContain('service="ClusterMembership"');
    expect(expressions(/entering each status/)).toContain(FIGURE_METRICS.entered);
  });

  it('shows the median and the p90 time per stage', () => {
    expect(expressions(/median/)).toMatch(new RegExp(`${FIGURE_METRICS.stageDuration}.*'p50'`));
    expect(expressions(/p90/)).toMatch(new RegExp(`${FIGURE_METRICS.stageDuration}.*'p90'`));
  });

  it('shows the approval rate, missed deadlines and the experts’ load', () => {
    const approval = expressions(/Approval rate \(approved/);
    expect(approval).toContain('FILL(approved, 0) / (FILL(approved, 0) + FILL(rejected, 0))');
    expect(approval).toContain('"Status","APPROVED"');
    expect(approval).toContain('"Status","REJECTED"');
    expect(expressions(/Missed deadlines/)).toContain(FIGURE_METRICS.missedDeadlines);
    const load = expressions(/Expert load/);
    expect(load).toContain(FIGURE_METRICS.openReviewsMax);
    expect(load).toContain(FIGURE_METRICS.openReviewsMean);
    expect(
      body.widgets.some(
        (widget) => widget.type === 'metric' && /last 30 days/.test(String(widget.properties.title)),
      ),
    ).toBe(true);
  });
});
