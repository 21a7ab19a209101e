import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, synthTemplates } from '#infra/build-app';
import { parseConfig } from '#infra/config';
import { functionEnvironment } from '#infra/constructs/functions';
import { FUNCTIONS } from '#shared/catalog';
import { scaled } from '#test/support/timeouts';
import cdkJson from '../../cdk.json' with { type: 'json' };

// No CloudFormation validator here: app.test.ts runs the one validated synth.
process.env.CDK_VALIDATION = 'false';

const base = {
  sesSenderAddress: 'no-reply@clusters.example.city',
  sesConfigurationSetName: 'cluster-membership',
  publicBaseUrl: 'https://clusters.example.city',
};

describe('alarmEmail', () => {
  it('is required: the alarms must reach a person', () => {
    expect(() => parseConfig(base)).toThrow(/alarmEmail: required: the alarms must reach a person/);
    expect(() => parseConfig({ ...base, alarmEmail: '' })).toThrow(/alarmEmailOptOutReason/);
    expect(() => parseConfig({ ...base, alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
  });

  it('may be left out only with a reason', () => {
    expect(() => parseConfig({ ...base, alarmEmailOptOutReason: 'x' })).toThrow(/give the reason/);
    const config = parseConfig({
      ...base,
      alarmEmailOptOutReason: 'the operations team subscribes its pager to the topic',
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(parseConfig({ ...base, alarmEmail: 'ops@example.org' }).alarmEmail).toBe('ops@example.org');
  });

  it('makes synthesis of the shipped cdk.json fail until it is given', () => {
    expect(cdkJson.context.alarmEmail).toBe('');
    expect(() => buildApp({ bundling: false, nag: false })).toThrow(/alarmEmail: required/);
  });

  it('is opted out, with its reason, for the local runtime that synthesizes but never deploys', () => {
    const templates = synthTemplates({ bundling: false });
    expect(JSON.stringify(templates.service)).not.toContain('"Protocol":"email"');
  }, 60_000);
});

describe('tracing', () => {
  const withAlarm = { ...base, alarmEmail: 'ops@example.org' };

  it('is on unless a deployment says otherwise, also as a -c string', () => {
    expect(parseConfig(withAlarm).tracing).toBe(true);
    expect(parseConfig({ ...withAlarm, tracing: 'false' }).tracing).toBe(false);
    expect(parseConfig({ ...withAlarm, tracing: false }).tracing).toBe(false);
    expect(parseConfig({ ...withAlarm, tracing: 'true' }).tracing).toBe(true);
    expect(() => parseConfig({ ...withAlarm, tracing: 'no' })).toThrow(/tracing/);
  });

  it(
    'switches X-Ray on the functions, the API stage and the workflow together',
    () => {
      const traced = (tracing: boolean) => {
        const { service, data } = buildApp({
          bundling: false,
          nag: false,
          context: { alarmEmail: 'ops@example.org', tracing },
        });
        const json = JSON.stringify([service, data].map((stack) => Template.fromStack(stack).toJSON()));
        return {
          activeFunctions: (json.match(/"TracingConfig":\{"Mode":"Active"\}/g) ?? []).length,
          stage: /"TracingEnabled":true/.test(json),
          workflow: /"TracingConfiguration":\{"Enabled":true\}/.test(json),
        };
      };
      const on = traced(true);
      expect(on.activeFunctions).toBeGreaterThan(10);
      expect(on).toMatchObject({ stage: true, workflow: true });
      expect(traced(false)).toEqual({ activeFunctions: 0, stage: false, workflow: false });
    },
    scaled(120_000),
  );
});

describe('reminders', () => {
  const withAlarm = { ...base, alarmEmail: 'ops@example.org' };

  it('are 3 days and 1 day before a deadline unless set; "" turns them off; nonsense is refused', () => {
    expect(parseConfig(withAlarm).reminderBeforeSeconds).toBe('259200,86400');
    expect(parseConfig({ ...withAlarm, reminderBeforeSeconds: '' }).reminderBeforeSeconds).toBe('');
    expect(parseConfig({ ...withAlarm, reminderBeforeSeconds: 3600 }).reminderBeforeSeconds).toBe('3600');
    expect(() => parseConfig({ ...withAlarm, reminderBeforeSeconds: '3 days' })).toThrow(
      /reminderBeforeSeconds/,
    );
  });

  it(
    'are sent by a function a rule runs every 15 minutes, and scheduled by the functions that open tasks',
    () => {
      const { service } = buildApp({
        bundling: false,
        nag: false,
        context: { alarmEmail: 'ops@example.org', reminderBeforeSeconds: '7200' },
      });
      const template = Template.fromStack(service);
      const functions = template.findResources('AWS::Lambda::Function');
      const keyOf = (logicalId: string) =>
        ((functions[logicalId]?.Properties.Tags ?? []) as Array<{ Key: string; Value: string }>).find(
          (tag) => tag.Key === 'app:function',
        )?.Value;
      const scheduled = Object.values(template.findResources('AWS::Events::Rule')).map((rule) => ({
        every: rule.Properties.ScheduleExpression,
        runs: keyOf(rule.Properties.Targets[0].Arn['Fn::GetAtt'][0]),
      }));
      expect(scheduled).toEqual(
        expect.arrayContaining([
          { every: 'rate(15 minutes)', runs: 'send-reminders' },
          { every: 'rate(15 minutes)', runs: 'reconcile-applications' },
        ]),
      );
      const withReminders = Object.entries(functions)
        .filter(([, fn]) => fn.Properties.Environment?.Variables?.REMINDER_BEFORE_SECONDS === '7200')
        .map(([logicalId]) => keyOf(logicalId));
      expect(withReminders).toEqual(
        expect.arrayContaining(['request-review', 'request-signoff', 'send-reminders']),
      );
    },
    scaled(120_000),
  );
});

describe('the department', () => {
  const withAlarm = { ...base, alarmEmail: 'ops@example.org' };
  const wiring = (config: ReturnType<typeof parseConfig>) => ({
    tableName: 't',
    linkKeysSecretArn: 'arn:secret',
    stateMachineArn: 'arn:sm',
    email: { fromAddress: 'no-reply@clusters.example.city', configurationSetName: 'cs' },
    config,
  });

  it('reaches the functions that render pages and emails, and only the settings given', () => {
    const config = parseConfig({
      ...withAlarm,
      departmentNameRu: 'Департамент инноваций',
      departmentEmail: 'help@innovation.example.city',
    });
    const page = functionEnvironment('review-page', FUNCTIONS['review-page'], wiring(config));
    expect(page).toMatchObject({
      DEPARTMENT_NAME_RU: 'Департамент инноваций',
      DEPARTMENT_EMAIL: 'help@innovation.example.city',
    });
    expect(page).not.toHaveProperty('DEPARTMENT_PHONE');
    const notify = functionEnvironment('notify-applicant', FUNCTIONS['notify-applicant'], wiring(config));
    expect(notify.DEPARTMENT_NAME_RU).toBe('Департамент инноваций');
    const tally = functionEnvironment('tally-reviews', FUNCTIONS['tally-reviews'], wiring(config));
    expect(tally).not.toHaveProperty('DEPARTMENT_NAME_RU');
    expect(
      functionEnvironment('review-page', FUNCTIONS['review-page'], wiring(parseConfig(withAlarm))),
    ).not.toHaveProperty('DEPARTMENT_NAME_RU');
  });

  it('refuses markup, line breaks and a bad address', () => {
    expect(() => parseConfig({ ...withAlarm, departmentNameRu: '<b>Департамент</b>' })).toThrow(
      /departmentNameRu/,
    );
    expect(() => parseConfig({ ...withAlarm, departmentPhone: '1\n2' })).toThrow(/departmentPhone/);
    expect(() => parseConfig({ ...withAlarm, departmentEmail: 'nobody' })).toThrow(/departmentEmail/);
  });
});
