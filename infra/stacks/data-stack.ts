import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApplicantUserPool } from '#infra/constructs/applicant-user-pool';
import { ProductData } from '#infra/constructs/data';

/**
 * The stateful part: what must survive a redeploy or a teardown of the
 * service stack (the table, the link keys, the applicants' accounts).
 */
export class DataStack extends Stack {
  readonly data: ProductData;
  readonly applicants: ApplicantUserPool;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.data = new ProductData(this, 'Data');
    this.applicants = new ApplicantUserPool(this, 'Applicants');
  }
}
