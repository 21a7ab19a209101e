import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type AppConfig, linkKeyRetirementSeconds } from '#infra/config';
import { ApplicantUserPool, defaultPortalDomainPrefix } from '#infra/constructs/applicant-user-pool';
import { ProductData } from '#infra/constructs/data';

/**
 * The stateful part: what must survive a redeploy or a teardown of the
 * service stack (the table, the link keys, the applicants' accounts).
 */
export interface DataStackProps extends StackProps {
  config: AppConfig;
}

export class DataStack extends Stack {
  readonly data: ProductData;
  readonly applicants: ApplicantUserPool;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.data = new ProductData(this, 'Data', {
      linkKeyRotation: {
        every: Duration.days(config.linkKeyRotationDays),
        retireAfter: Duration.seconds(linkKeyRetirementSeconds(config)),
        serviceName: config.appName,
        logLevel: config.logLevel,
        tracing: config.tracing,
      },
    });
    this.applicants = new ApplicantUserPool(this, 'Applicants', {
      hostedUi: {
        publicBaseUrl: config.publicBaseUrl,
        domainPrefix: config.portalDomainPrefix ?? defaultPortalDomainPrefix(config.appName),
      },
    });
  }
}
