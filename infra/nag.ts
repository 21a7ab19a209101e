import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgements. A rule is acknowledged on the narrowest
 * construct it concerns, one rule per call, always with the reason a
 * reviewer reads; nothing is acknowledged app- or stack-wide.
 *
 * Rules that report one finding per resource (IAM5) are acknowledged per
 * finding, `AwsSolutions-IAM5[Resource::<resource>]`, so a new wildcard that
 * nobody reviewed still fails synthesis.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The X-Ray and CloudWatch Logs delivery APIs have no resource-level permissions. */
export const NO_RESOURCE_LEVEL_PERMISSIONS =
  'X-Ray (PutTraceSegments, PutTelemetryRecords, sampling) and the CloudWatch Logs vended-delivery APIs ' +
  'that Step Functions logging uses do not support resource-level permissions: AWS documents Resource "*" for them.';

/**
 * Acknowledges the IAM5 wildcard finding for each resource ARN (tokens
 * welcome) granted to `scope`'s role policies. The finding id embeds the
 * resource as CloudFormation renders it in the consuming stack, and a
 * cross-stack reference only takes that form (`Fn::ImportValue`) once the
 * app is prepared, so the id is computed when the construct tree is
 * validated: after references are resolved, before the nag rules run.
 */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      for (const resource of resources) {
        acknowledge(
          scope,
          `AwsSolutions-IAM5[Resource::${flattenReference(stack.resolve(resource))}]`,
          reason,
        );
      }
      return [];
    },
  });
}

/**
 * The flat text cdk-nag writes for a resolved CloudFormation value in a
 * finding id (`Fn::GetAtt` → `<Id.Attr>`, `Ref` → `<Name>`, joins
 * concatenated), mirroring cdk-nag's own `flattenCfnReference`.
 */
export function flattenReference(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (node['Fn::Join']) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (node['Fn::Sub']) return flattenReference(node['Fn::Sub']);
    if (node['Fn::GetAtt']) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if (node['Fn::ImportValue']) return flattenReference(node['Fn::ImportValue']);
    if (node.Ref) return `<${flattenReference(node.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Acknowledges an AWS Control Tower proactive control (run by the
 * `@cdklabs/cdk-validator-cfnguard` plugin in the infra tests) on `scope`,
 * by the guard rule's name (`lambda_inside_vpc_check`, not `CT.LAMBDA.PR.3`).
 */
export function acknowledgeControl(scope: IConstruct, guardRule: string, reason: string): void {
  acknowledge(scope, `cdk-validator-cfnguard::${guardRule}`, reason);
}

/** CT.CLOUDWATCH.PR.3, for every log group of the app. */
export const LOG_GROUP_ENCRYPTION_REASON =
  'CloudWatch Logs encrypts every log group at rest with AWS-owned keys. The logs hold no secrets and no ' +
  'request bodies (task tokens, link signatures and bodies are never logged; the firewall log redacts the ' +
  'Authorization and Cookie headers and the query string), so a customer-managed key would add a key ' +
  'policy to maintain and a monthly key charge without separating any duty.';

/** Marks a log group's CT.CLOUDWATCH.PR.3 finding as reviewed. */
export function acknowledgeLogGroupEncryption(logGroup: IConstruct): void {
  acknowledgeControl(logGroup, 'cloudwatch_log_group_encrypted_check', LOG_GROUP_ENCRYPTION_REASON);
}
