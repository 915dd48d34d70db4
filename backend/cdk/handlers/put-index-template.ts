/**
 * Custom-resource handler (run by the CDK Provider framework at deploy time, inside the VPC):
 * puts the events index template, generated from the event contract at synth time, into the
 * VPC-only OpenSearch domain before the stream processor indexes anything. Without it the
 * first document would create the index with dynamic mappings.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { signRequest } from './sign-request';

interface TemplateProperties {
  /** `https://vpc-…es.amazonaws.com` */
  readonly Endpoint: string;
  readonly TemplateName: string;
  /** The `_index_template` body as JSON. */
  readonly Template: string;
}

/** What the Provider framework expects back. */
export interface ProviderResult {
  readonly PhysicalResourceId: string;
}

/**
 * @param event - the CloudFormation event (Create, Update, Delete)
 * @returns the template name as the physical id
 * @throws {Error} with OpenSearch's answer when it refuses the template (fails the deploy)
 */
export const handler = async (
  event: CloudFormationCustomResourceEvent,
): Promise<ProviderResult> => {
  const props = event.ResourceProperties as unknown as TemplateProperties;
  // Deleting the stack deletes the domain; a template left on a kept domain is harmless.
  if (event.RequestType === 'Delete') return { PhysicalResourceId: props.TemplateName };
  const url = new URL(`/_index_template/${props.TemplateName}`, props.Endpoint);
  const body = props.Template;
  const headers = signRequest(
    {
      method: 'PUT',
      host: url.host,
      path: url.pathname,
      headers: { 'content-type': 'application/json' },
      body,
      region: required('AWS_REGION'),
      service: 'es',
      amzDate: new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
    },
    {
      accessKeyId: required('AWS_ACCESS_KEY_ID'),
      secretAccessKey: required('AWS_SECRET_ACCESS_KEY'),
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    },
  );
  const { host: _host, ...sent } = headers;
  const response = await fetch(url, { method: 'PUT', headers: sent, body });
  if (!response.ok) {
    throw new Error(`PUT ${url.pathname} answered ${response.status}: ${await response.text()}`);
  }
  return { PhysicalResourceId: props.TemplateName };
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
