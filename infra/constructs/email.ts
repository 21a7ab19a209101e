import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** What a function needs to send mail, and to be allowed to. */
export interface EmailSending {
  /** MAIL_FROM. */
  fromAddress: string;
  configurationSetName: string;
  identityArn: string;
  configurationSetArn: string;
}

/** SES tags every message with its configuration set; its metrics are published under this dimension. */
export const SES_METRIC_DIMENSION = 'ses:configuration-set';

export interface EmailProps {
  /** The address every email is sent from. */
  senderAddress: string;
  /** Verify the whole domain (Easy DKIM: publish the three CNAMEs in the outputs) instead of the address. */
  senderDomain?: string | undefined;
  configurationSetName: string;
}

/**
 * SES sending: the verified identity of the sender and the configuration set
 * every message goes through (reputation metrics, TLS required, the account
 * suppression list for bounces and complaints, and its sending events as
 * CloudWatch metrics for the bounce and complaint alarms). An address identity is
 * verified by clicking the link SES mails to it after the deploy.
 */
export class Email extends Construct implements EmailSending {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly fromAddress: string;
  readonly configurationSetName: string;
  readonly identityArn: string;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.fromAddress = props.senderAddress;
    this.configurationSetName = props.configurationSetName;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    // Sends, deliveries, bounces, complaints and rejects as CloudWatch metrics of this configuration set
    // (namespace AWS/SES, dimension `ses:configuration-set`): the bounce and complaint alarms read them.
    this.configurationSet.addEventDestination('Metrics', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: SES_METRIC_DIMENSION,
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: props.configurationSetName,
        },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });

    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.senderDomain
        ? ses.Identity.domain(props.senderDomain)
        : ses.Identity.email(props.senderAddress),
      configurationSet: this.configurationSet,
    });
    this.identityArn = this.identity.emailIdentityArn;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: props.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    if (props.senderDomain) {
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `DKIM CNAME ${index + 1} to publish for ${props.senderDomain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
  }
}
